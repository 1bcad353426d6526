package dev.sparkway.dashboard;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import org.springframework.util.FileSystemUtils;

/**
 * Headless Chromium driven through Debian's chromedriver, or the news that it is not installed. Selenium is given
 * both executables, so it never runs Selenium Manager (which would try to download a driver).
 * <p>
 * Where they are: {@code -Dsparkway.browser.chromium=…} and {@code -Dsparkway.browser.chromedriver=…}, else
 * {@code chromium} / {@code chromedriver} on the PATH (Debian: {@code /usr/bin}).
 */
final class Browser implements AutoCloseable {

	static final String INSTALL_HINT = "apt-get install chromium chromium-driver";

	/** Every page's screenshot, on every run (docs/browser-tests.md). */
	static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final AtomicBoolean BANNER_PRINTED = new AtomicBoolean();

	private final ChromeDriver driver;

	private final Path profile;

	private Browser(ChromeDriver driver, Path profile) {
		this.driver = driver;
		this.profile = profile;
	}

	/** The two executables, when both are there. */
	record Installation(Path chromium, Path chromedriver) {
	}

	static Optional<Installation> installation() {
		Optional<Path> chromium = executable("sparkway.browser.chromium", "chromium", "chromium-browser");
		Optional<Path> driver = executable("sparkway.browser.chromedriver", "chromedriver");
		return chromium.isPresent() && driver.isPresent()
				? Optional.of(new Installation(chromium.get(), driver.get())) : Optional.empty();
	}

	/**
	 * Skips the browser tests when no browser is installed, so the run stays green, saying so loudly: each test
	 * is reported skipped with this message, and a banner goes once per JVM to the test output (the pom prints
	 * the same banner on the console).
	 */
	static final class Required implements ExecutionCondition {

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			if (installation().isPresent()) {
				return ConditionEvaluationResult.enabled("Chromium and chromedriver found");
			}
			String message = "BROWSER TESTS SKIPPED: no headless Chromium with chromedriver found (looked for "
					+ "chromium and chromedriver on the PATH, or -Dsparkway.browser.chromium / "
					+ "-Dsparkway.browser.chromedriver). Install them with: " + INSTALL_HINT;
			if (BANNER_PRINTED.compareAndSet(false, true)) {
				String line = "*".repeat(100);
				System.err.println(line + "\n* " + message + "\n" + line);
			}
			return ConditionEvaluationResult.disabled(message);
		}

	}

	private static Optional<Path> executable(String property, String... names) {
		String configured = System.getProperty(property);
		if (configured != null && !configured.isBlank()) {
			Path path = Path.of(configured);
			return Files.isExecutable(path) ? Optional.of(path) : Optional.empty();
		}
		String pathVariable = Optional.ofNullable(System.getenv("PATH")).orElse("");
		return Stream.of(names)
			.flatMap(name -> Stream.of(pathVariable.split(File.pathSeparator))
				.filter(dir -> !dir.isBlank())
				.map(dir -> Path.of(dir, name)))
			.filter(Files::isExecutable)
			.findFirst();
	}

	/** A fresh browser (own profile) at 1280×800, logging the network for {@link #performanceLog()}. */
	static Browser start() {
		Installation installation = installation().orElseThrow();
		try {
			Path profile = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "chromium-profile-");
			ChromeOptions options = new ChromeOptions();
			options.setBinary(installation.chromium().toFile());
			options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
					"--no-first-run", "--disable-background-networking", "--disable-component-update",
					"--disable-sync", "--window-size=1280,800", "--user-data-dir=" + profile);
			// Network.requestWillBeSent events: which URLs the page asked for, with which headers.
			options.setCapability("goog:loggingPrefs", Map.of(LogType.PERFORMANCE, "ALL"));
			ChromeDriverService service = new ChromeDriverService.Builder()
				.usingDriverExecutable(installation.chromedriver().toFile())
				.usingAnyFreePort()
				.withLogFile(Path.of("target", "chromedriver.log").toAbsolutePath().toFile())
				.build();
			ChromeDriver driver = new ChromeDriver(service, options);
			driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
			return new Browser(driver, profile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	ChromeDriver driver() {
		return driver;
	}

	/**
	 * Saves the whole page (beyond the viewport) as target/screenshots/{name}.png; a viewport shot if the
	 * DevTools call fails.
	 */
	Path screenshot(String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			Path file = SCREENSHOTS.resolve(name + ".png");
			byte[] png;
			try {
				Map<String, Object> metrics = driver.executeCdpCommand("Page.getLayoutMetrics", Map.of());
				@SuppressWarnings("unchecked")
				Map<String, Object> size = (Map<String, Object>) metrics.get("cssContentSize");
				double width = ((Number) size.get("width")).doubleValue();
				double height = Math.min(((Number) size.get("height")).doubleValue(), 6000);
				Map<String, Object> shot = driver.executeCdpCommand("Page.captureScreenshot",
						Map.of("format", "png", "captureBeyondViewport", true, "clip",
								Map.of("x", 0, "y", 0, "width", width, "height", height, "scale", 1)));
				png = Base64.getDecoder().decode((String) shot.get("data"));
			}
			catch (RuntimeException ex) {
				png = driver.getScreenshotAs(OutputType.BYTES);
			}
			Files.write(file, png);
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Saves one element as target/screenshots/{name}.png. */
	Path screenshot(WebElement element, String name) {
		try {
			Files.createDirectories(SCREENSHOTS);
			Path file = SCREENSHOTS.resolve(name + ".png");
			driver.executeScript("arguments[0].scrollIntoView({block: 'center'})", element);
			Files.write(file, element.getScreenshotAs(OutputType.BYTES));
			return file;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The performance-log messages (JSON) since the last call; reading them empties Chromium's buffer. */
	List<String> performanceLog() {
		List<String> messages = new ArrayList<>();
		for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE)) {
			messages.add(entry.getMessage());
		}
		return messages;
	}

	@Override
	public void close() {
		try {
			driver.quit();
		}
		finally {
			FileSystemUtils.deleteRecursively(profile.toFile());
		}
	}

}
