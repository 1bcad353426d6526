package dev.sparkway.spark;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import dev.sparkway.SparkwayApplication;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application jar for executors: what goes in it and when it is shipped. That a cluster's executors receive it
 * from the server's Boot jar is {@code StandaloneClusterIT}'s part.
 */
class ApplicationJarTests {

	@Test
	void nothingIsShippedWhenTheExecutorRunsInThisJvm() {
		for (String master : List.of("local", "local[2]", "local[*]", "local[4,3]")) {
			SparkConf conf = new SparkConf(false).setMaster(master);

			ApplicationJar.shipTo(conf);

			assertThat(conf.contains(ApplicationJar.SPARK_JARS)).as(master).isFalse();
		}
	}

	@Test
	void executorsRunElsewhereForClusterMasters() {
		assertThat(ApplicationJar.executorsRunElsewhere("spark://10.0.0.5:7077")).isTrue();
		assertThat(ApplicationJar.executorsRunElsewhere("spark://a:7077,b:7077")).isTrue();
		assertThat(ApplicationJar.executorsRunElsewhere("local-cluster[2,1,1024]")).isTrue();
		assertThat(ApplicationJar.executorsRunElsewhere("local[2]")).isFalse();
	}

	@Test
	void aClusterMasterGetsTheJarAfterTheJarsAlreadyConfigured() throws Exception {
		SparkConf conf = new SparkConf(false).setMaster("spark://127.0.0.1:7077").set("spark.jars", "/opt/extra.jar");

		ApplicationJar.shipTo(conf);
		String[] jars = conf.get(ApplicationJar.SPARK_JARS).split(",");

		assertThat(jars).hasSize(2);
		assertThat(jars[0]).isEqualTo("/opt/extra.jar");
		assertThat(Path.of(jars[1])).hasFileName("sparkway-classes.jar").isRegularFile();

		// A rebuilt session ships the same file instead of writing another.
		SparkConf again = new SparkConf(false).setMaster("spark://127.0.0.1:7077");
		ApplicationJar.shipTo(again);
		assertThat(again.get(ApplicationJar.SPARK_JARS)).isEqualTo(jars[1]);
	}

	@Test
	void theJarHoldsTheApplicationClassesAtTheirPackagePathsAndNothingElse(@TempDir Path folder) throws Exception {
		Path jar = folder.resolve("classes.jar");

		int written = ApplicationJar.write(getClass().getClassLoader(), jar);

		try (JarFile file = new JarFile(jar.toFile())) {
			List<String> names = Collections.list(file.entries()).stream().map(JarEntry::getName).toList();
			assertThat(names.get(0)).isEqualTo(JarFile.MANIFEST_NAME);
			assertThat(names.subList(1, names.size())).hasSize(written)
				.contains("dev/sparkway/SparkwayApplication.class", "dev/sparkway/spark/ApplicationJar.class",
						"dev/sparkway/pipeline/rfm/RfmSegmentationPipeline.class")
				.allMatch(name -> name.startsWith("dev/sparkway/") && name.endsWith(".class"));
			assertThat(names).doesNotHaveDuplicates();
		}
		// Loadable by a class loader that sees nothing but the jar (and the JDK).
		try (URLClassLoader loader = new URLClassLoader(new URL[] { jar.toUri().toURL() },
				ClassLoader.getPlatformClassLoader())) {
			Class<?> loaded = Class.forName(SparkwayApplication.class.getName(), false, loader);
			assertThat(loaded.getClassLoader()).isSameAs(loader);
		}
	}

}
