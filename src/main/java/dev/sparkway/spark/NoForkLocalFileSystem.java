package dev.sparkway.spark;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.EnumSet;
import java.util.Set;

import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.permission.FsAction;
import org.apache.hadoop.fs.permission.FsPermission;

/**
 * Hadoop's local file system ({@code file:}, with its checksums) without a process forked per file. Without the
 * native Hadoop library, {@link RawLocalFileSystem} runs {@code chmod} for every file and folder it creates (part
 * files, partition folders, {@code _temporary}, checksum files), {@code ls -ld} for the owner and permissions of
 * every listed file and {@code readlink}/{@code chown} where asked: measured, one retail-sales job on 10,000 rows
 * forked 188 processes, each copying the page tables of a GiB-sized JVM. Here the same operations go through
 * {@code java.nio}; files, bytes, checksums and permissions end up exactly as before.
 * <p>
 * Registered as {@code spark.hadoop.fs.file.impl} by {@link SparkSessionHolder} unless configured otherwise; a
 * cluster's executors load it from the application jar ({@link ApplicationJar}). On a file system without POSIX
 * attributes (Windows) every call falls back to Hadoop's own behaviour.
 */
public class NoForkLocalFileSystem extends LocalFileSystem {

	/** The Spark property that selects the {@code file:} implementation. */
	static final String SPARK_PROPERTY = "spark.hadoop.fs.file.impl";

	private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

	public NoForkLocalFileSystem() {
		super(new Raw());
	}

	/** The raw (checksum-less) part, where Hadoop forks. */
	public static class Raw extends RawLocalFileSystem {

		@Override
		public void setPermission(Path p, FsPermission permission) throws IOException {
			if (!POSIX) {
				super.setPermission(p, permission);
				return;
			}
			// Like chmod, this follows a symbolic link; the sticky bit (no java.nio equivalent) is not used here.
			Files.setPosixFilePermissions(pathToFile(p).toPath(), posix(permission));
		}

		@Override
		public void setOwner(Path p, String username, String groupname) throws IOException {
			if (!POSIX) {
				super.setOwner(p, username, groupname);
				return;
			}
			if (username == null && groupname == null) {
				throw new IOException("username == null && groupname == null");
			}
			java.nio.file.Path file = pathToFile(p).toPath();
			UserPrincipalLookupService users = file.getFileSystem().getUserPrincipalLookupService();
			PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
			if (username != null) {
				view.setOwner(users.lookupPrincipalByName(username));
			}
			if (groupname != null) {
				GroupPrincipal group = users.lookupPrincipalByGroupName(groupname);
				view.setGroup(group);
			}
		}

		@Override
		public FileStatus getFileStatus(Path f) throws IOException {
			FileStatus status = super.getFileStatus(f);
			return POSIX ? withAttributes(status, true) : status;
		}

		@Override
		public FileStatus[] listStatus(Path f) throws IOException {
			FileStatus[] listed = super.listStatus(f);
			if (!POSIX) {
				return listed;
			}
			FileStatus[] result = new FileStatus[listed.length];
			for (int i = 0; i < listed.length; i++) {
				result[i] = withAttributes(listed[i], true);
			}
			return result;
		}

		@Override
		public FileStatus getFileLinkStatus(Path f) throws IOException {
			if (!POSIX) {
				return super.getFileLinkStatus(f);
			}
			java.nio.file.Path file = pathToFile(f).toPath();
			if (!Files.isSymbolicLink(file)) {
				return getFileStatus(f);
			}
			// Hadoop's own answer for a link: the link's attributes, not a directory, with its target.
			FileStatus link = withAttributes(super.getFileStatus(f), false);
			link.setSymlink(getLinkTarget(f));
			return link;
		}

		@Override
		public Path getLinkTarget(Path f) throws IOException {
			if (!POSIX) {
				return super.getLinkTarget(f);
			}
			try {
				return new Path(Files.readSymbolicLink(pathToFile(f).toPath()).toString());
			}
			catch (NoSuchFileException ex) {
				throw new FileNotFoundException("File " + f + " does not exist");
			}
		}

		/**
		 * A plain status with owner, group and permission read by one {@code stat}; Hadoop's own status runs
		 * {@code ls -ld} for them the first time any is asked for.
		 */
		private FileStatus withAttributes(FileStatus status, boolean followLinks) throws IOException {
			File file = pathToFile(status.getPath());
			PosixFileAttributes attributes;
			try {
				attributes = followLinks ? Files.readAttributes(file.toPath(), PosixFileAttributes.class)
						: Files.readAttributes(file.toPath(), PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
			}
			catch (NoSuchFileException ex) {
				throw new FileNotFoundException("File " + status.getPath() + " does not exist");
			}
			return new FileStatus(status.getLen(), status.isDirectory(), status.getReplication(),
					status.getBlockSize(), status.getModificationTime(), status.getAccessTime(),
					hadoop(attributes.permissions()), attributes.owner().getName(), attributes.group().getName(),
					status.getPath());
		}

	}

	static Set<PosixFilePermission> posix(FsPermission permission) {
		Set<PosixFilePermission> result = EnumSet.noneOf(PosixFilePermission.class);
		add(result, permission.getUserAction(), PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
				PosixFilePermission.OWNER_EXECUTE);
		add(result, permission.getGroupAction(), PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
				PosixFilePermission.GROUP_EXECUTE);
		add(result, permission.getOtherAction(), PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
				PosixFilePermission.OTHERS_EXECUTE);
		return result;
	}

	static FsPermission hadoop(Set<PosixFilePermission> permissions) {
		return new FsPermission(
				action(permissions, PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE,
						PosixFilePermission.OWNER_EXECUTE),
				action(permissions, PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
						PosixFilePermission.GROUP_EXECUTE),
				action(permissions, PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE,
						PosixFilePermission.OTHERS_EXECUTE));
	}

	private static void add(Set<PosixFilePermission> result, FsAction action, PosixFilePermission read,
			PosixFilePermission write, PosixFilePermission execute) {
		if (action.implies(FsAction.READ)) {
			result.add(read);
		}
		if (action.implies(FsAction.WRITE)) {
			result.add(write);
		}
		if (action.implies(FsAction.EXECUTE)) {
			result.add(execute);
		}
	}

	private static FsAction action(Set<PosixFilePermission> permissions, PosixFilePermission read,
			PosixFilePermission write, PosixFilePermission execute) {
		FsAction action = FsAction.NONE;
		if (permissions.contains(read)) {
			action = action.or(FsAction.READ);
		}
		if (permissions.contains(write)) {
			action = action.or(FsAction.WRITE);
		}
		if (permissions.contains(execute)) {
			action = action.or(FsAction.EXECUTE);
		}
		return action;
	}

}
