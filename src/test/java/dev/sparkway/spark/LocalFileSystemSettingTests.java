package dev.sparkway.spark;

import java.net.URI;

import dev.sparkway.support.IntegrationTest;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The server's Spark reads and writes local files through the file system that forks no process. */
class LocalFileSystemSettingTests extends IntegrationTest {

	@Test
	void jobsUseTheLocalFileSystemThatForksNoProcess() throws Exception {
		FileSystem fs = FileSystem.get(URI.create("file:///"), spark().sessionState().newHadoopConf());

		assertThat(fs).isInstanceOf(NoForkLocalFileSystem.class);
		assertThat(spark().sparkContext().getConf().get(NoForkLocalFileSystem.SPARK_PROPERTY))
			.isEqualTo(NoForkLocalFileSystem.class.getName());
	}

}
