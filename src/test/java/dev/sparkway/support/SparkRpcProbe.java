package dev.sparkway.support;

import org.apache.spark.SecurityManager;
import org.apache.spark.SecurityManager$;
import org.apache.spark.SparkConf;
import org.apache.spark.rpc.RpcAddress;
import org.apache.spark.rpc.RpcEnv;

/**
 * What a Spark application does first to register with a standalone Master: open an authenticated RPC connection
 * to its {@code Master} endpoint, here with the secret given as the third argument. Prints {@code CONNECTED} or
 * {@code REFUSED: <why>}; run in a JVM of its own by {@link SparkStandaloneCluster#connectAsApplication}.
 */
public final class SparkRpcProbe {

	private SparkRpcProbe() {
	}

	public static void main(String[] args) {
		SparkConf conf = new SparkConf(false).set("spark.master", "spark://" + args[0] + ":" + args[1])
			.set("spark.authenticate", "true")
			.set("spark.authenticate.secret", args[2])
			.set("spark.rpc.askTimeout", "30s");
		SecurityManager security = new SecurityManager(conf, SecurityManager$.MODULE$.$lessinit$greater$default$2(),
				SecurityManager$.MODULE$.$lessinit$greater$default$3());
		RpcEnv rpc = RpcEnv.create("sparkway-probe", "127.0.0.1", 0, conf, security, true);
		try {
			rpc.setupEndpointRef(new RpcAddress(args[0], Integer.parseInt(args[1])), "Master");
			System.out.println("CONNECTED");
		}
		catch (Exception ex) {
			// SparkException is checked in Java's eyes, though Scala declares nothing.
			Throwable root = ex;
			StringBuilder why = new StringBuilder();
			while (root != null) {
				why.append(root).append(" <- ");
				root = root.getCause();
			}
			System.out.println("REFUSED: " + why);
		}
		finally {
			rpc.shutdown();
		}
		System.exit(0);
	}

}
