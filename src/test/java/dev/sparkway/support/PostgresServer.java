package dev.sparkway.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import com.sun.security.auth.module.UnixSystem;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tukaani.xz.XZInputStream;

/**
 * A real PostgreSQL server for tests: {@code initdb} into a temporary folder, then {@code postgres} on a free
 * loopback port with password authentication. {@link #close()} stops it (fast shutdown) and deletes its data; the
 * {@link Extension} does that once every test of the run is done, also when tests failed, and a shutdown hook is the
 * backstop when the JVM stops early.
 * <p>
 * Binaries: the directory named by {@code -Dsparkway.test.postgres.bin} (one holding {@code initdb} and
 * {@code postgres}, e.g. {@code /usr/lib/postgresql/15/bin}), otherwise the Linux x86-64 bundle that Maven puts on the
 * test classpath (extracted once under the temporary folder). PostgreSQL refuses to run as root; when the build runs
 * as root its processes run as user {@code nobody}, through {@code setpriv} (util-linux).
 */
public final class PostgresServer implements AutoCloseable {

	/** The role the application connects as: it owns the databases of {@link #createDatabase}, no superuser. */
	public static final String USER = "sparkway";

	public static final String PASSWORD = "sparkway-test-secret";

	private static final String SUPERUSER = "postgres";

	private static final String SUPERUSER_PASSWORD = "postgres-test-secret";

	private static final String BIN_PROPERTY = "sparkway.test.postgres.bin";

	private static final String UNPRIVILEGED_USER = "nobody";

	private static final Duration STARTUP_DEADLINE = Duration.ofSeconds(60);

	private static final Logger log = LoggerFactory.getLogger(PostgresServer.class);

	private static PostgresServer shared;

	private final Path root;

	private final Process process;

	private final int port;

	private final AtomicBoolean closed = new AtomicBoolean();

	private PostgresServer(Path root, Process process, int port) {
		this.root = root;
		this.process = process;
		this.port = port;
	}

	/** The one server of this JVM, started on first use. */
	public static synchronized PostgresServer shared() {
		if (shared == null || shared.closed.get()) {
			shared = start();
			PostgresServer server = shared;
			Runtime.getRuntime().addShutdownHook(new Thread(server::close, "postgres-test-server-stop"));
		}
		return shared;
	}

	/**
	 * Creates an empty database owned by {@link #USER} and returns its JDBC URL.
	 */
	public String createDatabase(String name) {
		if (!name.matches("[a-z][a-z0-9_]{0,62}")) {
			throw new IllegalArgumentException("Not a plain database name: " + name);
		}
		try (Connection admin = DriverManager.getConnection(jdbcUrl(SUPERUSER), SUPERUSER, SUPERUSER_PASSWORD);
				Statement sql = admin.createStatement()) {
			sql.execute("CREATE DATABASE " + name + " OWNER " + USER);
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create database " + name + ": " + ex.getMessage(), ex);
		}
		return jdbcUrl(name);
	}

	public String jdbcUrl(String database) {
		return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
	}

	@Override
	public void close() {
		if (!closed.compareAndSet(false, true)) {
			return;
		}
		try {
			// SIGINT is PostgreSQL's fast shutdown: open sessions are ended, not waited for.
			run(List.of("kill", "-INT", Long.toString(process.pid())), Duration.ofSeconds(10));
			if (!process.waitFor(30, TimeUnit.SECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
		catch (RuntimeException ex) {
			process.destroyForcibly();
		}
		deleteRecursively(root);
	}

	private static PostgresServer start() {
		Path bin = binaries();
		List<String> asServerUser = asServerUser();
		Path root = null;
		try {
			root = Files.createTempDirectory("sparkway-pg-");
			Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx------"));
			Path data = root.resolve("data");
			Path passwordFile = root.resolve("superuser-password");
			Files.writeString(passwordFile, SUPERUSER_PASSWORD + "\n");
			if (!asServerUser.isEmpty()) {
				chownToUnprivilegedUser(root);
				chownToUnprivilegedUser(passwordFile);
			}
			List<String> initdb = new ArrayList<>(asServerUser);
			initdb.addAll(List.of(bin.resolve("initdb").toString(), "-D", data.toString(), "-U", SUPERUSER,
					"--auth=scram-sha-256", "--pwfile=" + passwordFile, "-E", "UTF8", "--locale=C", "--no-sync"));
			run(initdb, Duration.ofMinutes(2));

			int port = freePort();
			Path logFile = root.resolve("postgres.log");
			List<String> postgres = new ArrayList<>(asServerUser);
			// A test server: durability off (fsync), loopback only, the socket in its own folder.
			postgres.addAll(List.of(bin.resolve("postgres").toString(), "-D", data.toString(), "-p",
					Integer.toString(port), "-k", root.toString(), "-c", "listen_addresses=127.0.0.1", "-c",
					"fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"));
			Process process = new ProcessBuilder(postgres).redirectErrorStream(true)
				.redirectOutput(logFile.toFile())
				.start();
			PostgresServer server = new PostgresServer(root, process, port);
			try {
				server.awaitReady(logFile);
				server.createApplicationRole();
			}
			catch (RuntimeException | Error ex) {
				server.close();
				throw ex;
			}
			log.info("PostgreSQL test server on 127.0.0.1:{} (binaries {}, data {})", port, bin, data);
			return server;
		}
		catch (IOException ex) {
			if (root != null) {
				deleteRecursively(root);
			}
			throw new UncheckedIOException("Cannot start the PostgreSQL test server", ex);
		}
	}

	private void awaitReady(Path logFile) {
		long end = System.nanoTime() + STARTUP_DEADLINE.toNanos();
		SQLException last = null;
		while (System.nanoTime() < end) {
			if (!process.isAlive()) {
				throw new IllegalStateException("PostgreSQL exited at start (code " + process.exitValue() + "):\n"
						+ tail(logFile));
			}
			try (Connection connection = DriverManager.getConnection(jdbcUrl(SUPERUSER), SUPERUSER,
					SUPERUSER_PASSWORD)) {
				return;
			}
			catch (SQLException ex) {
				last = ex;
			}
			Poll.pause();
		}
		throw new IllegalStateException("PostgreSQL did not accept connections within " + STARTUP_DEADLINE + " ("
				+ (last == null ? "" : last.getMessage()) + "):\n" + tail(logFile));
	}

	private void createApplicationRole() {
		try (Connection admin = DriverManager.getConnection(jdbcUrl(SUPERUSER), SUPERUSER, SUPERUSER_PASSWORD);
				Statement sql = admin.createStatement()) {
			sql.execute("CREATE ROLE " + USER + " LOGIN PASSWORD '" + PASSWORD + "'");
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Cannot create role " + USER + ": " + ex.getMessage(), ex);
		}
	}

	/** The folder with initdb and postgres, or an error saying how to provide one. */
	private static Path binaries() {
		String configured = System.getProperty(BIN_PROPERTY, "");
		if (!configured.isBlank()) {
			Path bin = Path.of(configured);
			if (!Files.isExecutable(bin.resolve("initdb")) || !Files.isExecutable(bin.resolve("postgres"))) {
				throw new IllegalStateException(
						"-D" + BIN_PROPERTY + "=" + configured + " holds no executable initdb and postgres.");
			}
			return bin;
		}
		String os = System.getProperty("os.name");
		String arch = System.getProperty("os.arch");
		URL bundle = "Linux".equals(os) && ("amd64".equals(arch) || "x86_64".equals(arch))
				? PostgresServer.class.getClassLoader().getResource("postgres-linux-x86_64.txz") : null;
		if (bundle == null) {
			throw new IllegalStateException("No PostgreSQL server binaries for " + os + "/" + arch
					+ ": the bundled ones are for Linux x86-64. Install PostgreSQL and pass -D" + BIN_PROPERTY
					+ "=<folder with initdb and postgres> (e.g. /usr/lib/postgresql/15/bin, or `pg_config --bindir`), "
					+ "or leave these tests out explicitly with -Dsparkway.test.postgres.skip=true.");
		}
		return extractOnce(bundle).resolve("bin");
	}

	/**
	 * Unpacks the bundle into a folder named by its URL's hash, shared by every build on the machine: unpacked to a
	 * private folder first and moved into place in one step, so nobody sees a half-unpacked one.
	 */
	private static Path extractOnce(URL bundle) {
		Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
		String hash = HexFormat.of().formatHex(sha256(bundle.toString())).substring(0, 16);
		Path target = tmp.resolve("sparkway-postgres-bin-" + hash);
		if (Files.isExecutable(target.resolve("bin/postgres"))) {
			return target;
		}
		Path staging = null;
		try {
			staging = Files.createTempDirectory(tmp, "sparkway-postgres-unpack-");
			try (InputStream in = bundle.openStream();
					TarArchiveInputStream tar = new TarArchiveInputStream(new XZInputStream(in))) {
				for (TarArchiveEntry entry = tar.getNextTarEntry(); entry != null; entry = tar.getNextTarEntry()) {
					Path file = staging.resolve(entry.getName()).normalize();
					if (!file.startsWith(staging)) {
						throw new IOException("Archive entry outside its folder: " + entry.getName());
					}
					if (entry.isDirectory()) {
						Files.createDirectories(file);
						continue;
					}
					Files.createDirectories(file.getParent());
					if (entry.isSymbolicLink()) {
						Files.createSymbolicLink(file, Path.of(entry.getLinkName()));
					}
					else if (entry.isLink()) {
						Files.createLink(file, staging.resolve(entry.getLinkName()));
					}
					else {
						Files.copy(tar, file);
						Files.setPosixFilePermissions(file, permissions(entry.getMode()));
					}
				}
			}
			// Readable and executable by the unprivileged user the server may run as.
			try (Stream<Path> folders = Files.walk(staging)) {
				for (Path folder : folders.filter(Files::isDirectory).toList()) {
					Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
				}
			}
			Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
			return target;
		}
		catch (FileAlreadyExistsException ex) {
			// Another build unpacked the same bundle first.
			deleteRecursively(staging);
			return target;
		}
		catch (IOException ex) {
			if (Files.isExecutable(target.resolve("bin/postgres"))) {
				deleteRecursively(staging);
				return target;
			}
			if (staging != null) {
				deleteRecursively(staging);
			}
			throw new UncheckedIOException("Cannot unpack the PostgreSQL binaries " + bundle, ex);
		}
	}

	/** Empty when the build may run PostgreSQL itself; a setpriv prefix to user nobody when it runs as root. */
	private static List<String> asServerUser() {
		if (new UnixSystem().getUid() != 0) {
			return List.of();
		}
		String uid = output(List.of("id", "-u", UNPRIVILEGED_USER));
		String gid = output(List.of("id", "-g", UNPRIVILEGED_USER));
		return List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups", "--");
	}

	private static void chownToUnprivilegedUser(Path path) throws IOException {
		UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
		Files.setOwner(path, users.lookupPrincipalByName(UNPRIVILEGED_USER));
	}

	private static String output(List<String> command) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
			if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed: " + out);
			}
			return out;
		}
		catch (IOException ex) {
			throw new IllegalStateException("PostgreSQL refuses to run as root, so the test runs it as user "
					+ UNPRIVILEGED_USER + "; that needs `" + command.get(0) + "` (util-linux/coreutils): " + ex.getMessage()
					+ ". Install it, run the build as a non-root user, or pass -Dsparkway.test.postgres.skip=true.", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static void run(List<String> command, Duration deadline) {
		try {
			Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
			byte[] out = process.getInputStream().readAllBytes();
			if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly();
				throw new IllegalStateException(String.join(" ", command) + " did not finish within " + deadline);
			}
			if (process.exitValue() != 0) {
				throw new IllegalStateException(String.join(" ", command) + " failed (exit " + process.exitValue()
						+ "):\n" + new String(out, StandardCharsets.UTF_8));
			}
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot run " + command.get(0) + ": " + ex.getMessage()
					+ (command.get(0).equals("setpriv") ? " (PostgreSQL refuses to run as root; setpriv from util-linux"
							+ " runs it as user " + UNPRIVILEGED_USER + ")" : ""), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static String tail(Path logFile) {
		try {
			List<String> lines = Files.readAllLines(logFile);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
		}
		catch (IOException ex) {
			return "(no log: " + ex.getMessage() + ")";
		}
	}

	private static Set<PosixFilePermission> permissions(int mode) {
		StringBuilder text = new StringBuilder();
		String letters = "rwxrwxrwx";
		for (int bit = 8; bit >= 0; bit--) {
			text.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
		}
		return PosixFilePermissions.fromString(text.toString());
	}

	private static byte[] sha256(String text) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void deleteRecursively(Path path) {
		if (path == null || !Files.exists(path)) {
			return;
		}
		try (Stream<Path> files = Files.walk(path)) {
			for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(file);
			}
		}
		catch (IOException ex) {
			log.warn("Could not delete {}: {}", path, ex.getMessage());
		}
	}

	/**
	 * Registers the shared server for stopping once every test of the run is done (JUnit closes the root store's
	 * resources at the end, whatever the tests' outcome). Register it on every class that uses the server.
	 */
	public static final class Extension implements BeforeAllCallback {

		@Override
		public void beforeAll(ExtensionContext context) {
			context.getRoot()
				.getStore(ExtensionContext.Namespace.create(PostgresServer.class))
				.getOrComputeIfAbsent("server", key -> new Stopper(shared()), Stopper.class);
		}

		private record Stopper(PostgresServer server) implements ExtensionContext.Store.CloseableResource {

			@Override
			public void close() {
				server.close();
			}

		}

	}

}
