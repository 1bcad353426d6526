package dev.sparkway.spark;

import java.time.Duration;
import java.util.Map;

import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** Which Spark security properties the server sets for each master, secret and switch, and when it refuses. */
class SparkRpcSecurityTests {

	private static final String CLUSTER = "spark://master:7077";

	@Test
	void aClusterMasterGetsAuthenticationWithTheConfiguredSecret() {
		SparkConf conf = apply(properties(CLUSTER, "s3cret", false, Map.of()), true);

		assertThat(conf.get("spark.authenticate")).isEqualTo("true");
		assertThat(conf.get("spark.authenticate.secret")).isEqualTo("s3cret");
		assertThat(conf.contains("spark.network.crypto.enabled")).isFalse();
		assertThat(conf.contains("spark.io.encryption.enabled")).isFalse();
	}

	@Test
	void theEncryptionSwitchEncryptsRpcAndLocalFiles() {
		SparkConf conf = apply(properties(CLUSTER, "s3cret", true, Map.of()), true);

		assertThat(conf.get("spark.network.crypto.enabled")).isEqualTo("true");
		assertThat(conf.get("spark.io.encryption.enabled")).isEqualTo("true");
	}

	@Test
	void localModeAuthenticatesWithASecretSparkGenerates() {
		SparkConf conf = apply(properties("local[2]", null, false, Map.of()), true);

		assertThat(conf.get("spark.authenticate")).isEqualTo("true");
		assertThat(conf.contains("spark.authenticate.secret")).isFalse();
	}

	@Test
	void withoutASecretAClusterIsRefusedWhenApiKeysAreRequired() {
		assertThatIllegalStateException().isThrownBy(() -> SparkRpcSecurity.check(properties(CLUSTER, " ", false,
				Map.of()), true))
			.withMessageContaining("sparkway.spark.auth-secret")
			.withMessageContaining("SPARKWAY_SPARK_AUTH_SECRET");
		// local-cluster runs executors in other JVMs: a cluster too.
		assertThatIllegalStateException().isThrownBy(() -> SparkRpcSecurity.check(properties("local-cluster[2,1,1024]",
				null, false, Map.of()), true));
	}

	@Test
	void withoutASecretAndWithoutApiKeysAClusterIsUnauthenticatedWithAWarning() {
		SparkConf conf = apply(properties(CLUSTER, null, false, Map.of()), false);

		assertThat(conf.contains("spark.authenticate")).isFalse();
		assertThatIllegalStateException().isThrownBy(() -> SparkRpcSecurity.check(properties(CLUSTER, null, true,
				Map.of()), false))
			.withMessageContaining("sparkway.spark.encryption=true needs sparkway.spark.auth-secret");
	}

	@Test
	void whatSparkConfSetsWins() {
		SparkConf conf = new SparkConf(false).set("spark.authenticate.secret", "from-conf");
		SparkRpcSecurity.check(properties(CLUSTER, "s3cret", false, Map.of()), true).applyTo(conf);

		assertThat(conf.get("spark.authenticate.secret")).isEqualTo("from-conf");
	}

	@Test
	void theSecretIsNotInThePropertiesText() {
		assertThat(properties(CLUSTER, "s3cret", false, Map.of()).toString()).doesNotContain("s3cret")
			.contains("authSecret=(set)");
	}

	private static SparkConf apply(SparkProperties properties, boolean apiKeysRequired) {
		SparkConf conf = new SparkConf(false);
		SparkRpcSecurity.check(properties, apiKeysRequired).applyTo(conf);
		return conf;
	}

	private static SparkProperties properties(String master, String secret, boolean encryption,
			Map<String, String> conf) {
		return new SparkProperties(master, "sparkway", conf, Duration.ofSeconds(1), secret, encryption, 10, null);
	}

}
