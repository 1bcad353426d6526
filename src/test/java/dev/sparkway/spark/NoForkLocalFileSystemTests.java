package dev.sparkway.spark;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.permission.FsPermission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NoForkLocalFileSystemTests {

	@TempDir
	java.nio.file.Path dir;

	private NoForkLocalFileSystem fs;

	@BeforeEach
	void open() throws Exception {
		fs = new NoForkLocalFileSystem();
		Configuration conf = new Configuration(false);
		conf.set("fs.permissions.umask-mode", "022");
		fs.initialize(URI.create("file:///"), conf);
	}

	@AfterEach
	void close() throws Exception {
		fs.close();
	}

	@Test
	void createsFilesAndFoldersWithTheRequestedPermissionsUnderTheUmask() throws Exception {
		Path folder = new Path(dir.resolve("a/b").toUri());
		assertThat(fs.mkdirs(folder, new FsPermission((short) 0750))).isTrue();
		Path file = new Path(folder, "part-0");
		try (FSDataOutputStream out = fs.create(file, new FsPermission((short) 0666), false, 4096, (short) 1,
				1 << 20, null)) {
			out.writeBytes("hello");
		}

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b"))))
			.isEqualTo("rwxr-x---");
		// 0666 under umask 022.
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("a/b/part-0"))))
			.isEqualTo("rw-r--r--");
		// The checksum file the checksummed file system writes next to it.
		assertThat(dir.resolve("a/b/.part-0.crc")).exists();
		assertThat(Files.readString(dir.resolve("a/b/part-0"))).isEqualTo("hello");
	}

	@Test
	void setPermissionChangesTheModeBits() throws Exception {
		java.nio.file.Path file = Files.writeString(dir.resolve("f.txt"), "x");
		fs.setPermission(new Path(file.toUri()), new FsPermission((short) 0604));

		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw----r--");
	}

	@Test
	void statusesCarryOwnerGroupAndPermissionOfTheFile() throws Exception {
		java.nio.file.Path file = Files.writeString(dir.resolve("f.txt"), "abc");
		Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
		String owner = Files.getOwner(file).getName();

		FileStatus status = fs.getFileStatus(new Path(file.toUri()));
		FileStatus[] listed = fs.listStatus(new Path(dir.toUri()));

		assertThat(status.getLen()).isEqualTo(3);
		assertThat(status.getOwner()).isEqualTo(owner);
		assertThat(status.getGroup()).isNotEmpty();
		assertThat(status.getPermission().toShort()).isEqualTo((short) 0640);
		assertThat(listed).hasSize(1);
		assertThat(listed[0].getPath().getName()).isEqualTo("f.txt");
		assertThat(listed[0].getPermission().toShort()).isEqualTo((short) 0640);
		assertThat(listed[0].getOwner()).isEqualTo(owner);
		assertThat(fs.listLocatedStatus(new Path(dir.toUri())).next().getPermission().toShort())
			.isEqualTo((short) 0640);
	}

	@Test
	void aSymbolicLinkReportsItsTarget() throws Exception {
		java.nio.file.Path target = Files.writeString(dir.resolve("target.txt"), "abc");
		java.nio.file.Path link = Files.createSymbolicLink(dir.resolve("link"), target);

		FileStatus status = fs.getFileLinkStatus(new Path(link.toUri()));

		assertThat(status.isSymlink()).isTrue();
		assertThat(status.getSymlink().toUri().getPath()).isEqualTo(target.toString());
		assertThat(fs.getFileStatus(new Path(link.toUri())).getLen()).isEqualTo(3);
	}

	@Test
	void aMissingFileIsNotFound() {
		assertThatThrownBy(() -> fs.getFileStatus(new Path(dir.resolve("nope").toUri())))
			.isInstanceOf(java.io.FileNotFoundException.class);
	}

}
