package dev.sparkway.spark;

import java.io.File;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

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

	private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
			&& FileSystems.getDefault().supportedFileAttributeViews().contains("unix");

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
		 * The status with owner, group and permission read by one {@code stat} the first time any of them is
		 * asked for, as Hadoop's own status does (which runs {@code ls -ld} then). Most statuses are only asked
		 * whether they exist, their length or their time: measured, reading the attributes eagerly looked up
		 * the owner's and group's names (opening {@code /etc/passwd} and {@code /etc/group}) 852 times in one
		 * small retail-sales job.
		 */
		private FileStatus withAttributes(FileStatus status, boolean followLinks) {
			return new PosixFileStatus(status, pathToFile(status.getPath()).toPath(), followLinks);
		}

	}

	/** A file status whose owner, group and permission come from the file's POSIX attributes when first read. */
	static final class PosixFileStatus extends FileStatus {

		private static final long serialVersionUID = 1L;

		private final transient java.nio.file.Path file;

		private final transient boolean followLinks;

		private transient volatile boolean loaded;

		PosixFileStatus(FileStatus status, java.nio.file.Path file, boolean followLinks) {
			super(status.getLen(), status.isDirectory(), status.getReplication(), status.getBlockSize(),
					status.getModificationTime(), status.getAccessTime(), null, null, null, status.getPath());
			this.file = file;
			this.followLinks = followLinks;
		}

		@Override
		public FsPermission getPermission() {
			load();
			return super.getPermission();
		}

		@Override
		public String getOwner() {
			load();
			return super.getOwner();
		}

		@Override
		public String getGroup() {
			load();
			return super.getGroup();
		}

		private void load() {
			if (loaded) {
				return;
			}
			synchronized (this) {
				if (loaded) {
					return;
				}
				LinkOption[] options = followLinks ? new LinkOption[0] : new LinkOption[] { LinkOption.NOFOLLOW_LINKS };
				try {
					Map<String, Object> unix = Files.readAttributes(file, "unix:mode,uid,gid", options);
					int mode = (Integer) unix.get("mode");
					setPermission(new FsPermission((short) (mode & 0777)));
					setOwner(Names.USERS.computeIfAbsent((Integer) unix.get("uid"),
							uid -> posixAttributes(options).owner().getName()));
					setGroup(Names.GROUPS.computeIfAbsent((Integer) unix.get("gid"),
							gid -> posixAttributes(options).group().getName()));
				}
				catch (IOException ex) {
					// Hadoop's own lazy status fails the same way when the file went in between.
					throw new UncheckedIOException("Could not read the permissions of " + file, ex);
				}
				loaded = true;
			}
		}

		private PosixFileAttributes posixAttributes(LinkOption[] options) {
			try {
				return Files.readAttributes(file, PosixFileAttributes.class, options);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not read the owner of " + file, ex);
			}
		}

		/** Serialized as a plain status with the attributes read, not as the defaults of an unread one. */
		private Object writeReplace() {
			return new FileStatus(getLen(), isDirectory(), getReplication(), getBlockSize(), getModificationTime(),
					getAccessTime(), getPermission(), getOwner(), getGroup(), isSymlink() ? getSymlinkPath() : null,
					getPath());
		}

		private Path getSymlinkPath() {
			try {
				return getSymlink();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	/**
	 * User and group names by numeric id, looked up once per id: the JDK asks the name service (reading
	 * {@code /etc/passwd} or {@code /etc/group}) on every call. A name changed while the server runs shows after
	 * a restart.
	 */
	private static final class Names {

		static final Map<Integer, String> USERS = new ConcurrentHashMap<>();

		static final Map<Integer, String> GROUPS = new ConcurrentHashMap<>();

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

}
