package dev.sparkway.spark;

import dev.sparkway.StartupConfigurationException;
import org.apache.spark.SparkConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spark's own network (RPC, block transfers) between the server's driver and a cluster: authenticated with the
 * shared secret {@code sparkway.spark.auth-secret} ({@code spark.authenticate}), encrypted with
 * {@code sparkway.spark.encryption}. In local mode the driver's ports still listen, so authentication is on there
 * too, with a secret Spark generates for each context. In a cluster mode without a secret the server refuses to
 * start when API keys are required (a locked API next to an open cluster is no lock), and warns loudly otherwise.
 * Spark redacts {@code spark.authenticate.secret} (it matches {@code spark.redaction.regex}) on the UI and in logs.
 */
final class SparkRpcSecurity {

	private static final Logger log = LoggerFactory.getLogger(SparkRpcSecurity.class);

	private final SparkProperties properties;

	private SparkRpcSecurity(SparkProperties properties) {
		this.properties = properties;
	}

	/** Checks the configuration once, at start. */
	static SparkRpcSecurity check(SparkProperties properties, boolean apiKeysRequired) {
		if (!properties.isLocal() && properties.authSecret() == null) {
			if (apiKeysRequired) {
				throw new StartupConfigurationException("sparkway.spark.auth-secret", "sparkway.spark.master is "
						+ properties.master() + " but no sparkway.spark.auth-secret is set: with "
						+ "sparkway.security.enabled=true the server does not talk to a Spark cluster without "
						+ "authentication.", "Set SPARKWAY_SPARK_AUTH_SECRET to the secret the master and workers "
								+ "have (their _SPARK_AUTH_SECRET, with -Dspark.authenticate=true).");
			}
			log.warn("""

					************************************************************************
					  SPARK RPC IS UNAUTHENTICATED: no sparkway.spark.auth-secret for
					  master {}. Whoever reaches the master or this driver can run
					  code on the workers. Set SPARKWAY_SPARK_AUTH_SECRET (and the same
					  secret on the master and workers).
					************************************************************************""",
					properties.master());
		}
		if (properties.encryption() && !properties.isLocal() && properties.authSecret() == null) {
			throw new StartupConfigurationException("sparkway.spark.auth-secret",
					"sparkway.spark.encryption=true needs sparkway.spark.auth-secret: Spark derives the encryption keys "
							+ "from the authenticated connection.",
					"Set SPARKWAY_SPARK_AUTH_SECRET (the same secret on the master and workers), or set "
							+ "sparkway.spark.encryption=false.");
		}
		return new SparkRpcSecurity(properties);
	}

	/** Sets Spark's authentication and encryption properties; what {@code sparkway.spark.conf} sets stays. */
	void applyTo(SparkConf conf) {
		if (properties.isLocal() || properties.authSecret() != null) {
			conf.setIfMissing("spark.authenticate", "true");
		}
		if (!properties.isLocal() && properties.authSecret() != null) {
			conf.setIfMissing("spark.authenticate.secret", properties.authSecret());
		}
		if (properties.encryption()) {
			conf.setIfMissing("spark.network.crypto.enabled", "true");
			conf.setIfMissing("spark.io.encryption.enabled", "true");
		}
	}

}
