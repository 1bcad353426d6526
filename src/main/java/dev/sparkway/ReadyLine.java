package dev.sparkway;

import java.net.InetAddress;
import java.net.UnknownHostException;

import dev.sparkway.spark.SparkProperties;
import dev.sparkway.spark.SparkSessionHolder;
import org.apache.spark.SparkContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Once the server is ready, one INFO line names where everything is: the API, Swagger UI, the dashboard and the
 * Spark UI, with the port the server really bound ({@code server.port=0} picks one), its context path, and the
 * Spark UI's public address when {@code sparkway.spark.ui-public-url} is set.
 */
@Component
class ReadyLine {

	private static final Logger log = LoggerFactory.getLogger(ReadyLine.class);

	private final Environment environment;

	private final SparkSessionHolder spark;

	private final SparkProperties sparkProperties;

	ReadyLine(Environment environment, SparkSessionHolder spark, SparkProperties sparkProperties) {
		this.environment = environment;
		this.spark = spark;
		this.sparkProperties = sparkProperties;
	}

	@EventListener
	void onReady(ApplicationReadyEvent event) {
		if (event.getApplicationContext() instanceof WebServerApplicationContext web && web.getWebServer() != null) {
			log.info(line(web.getWebServer().getPort()));
		}
	}

	String line(int port) {
		String server = "http://" + host() + ":" + port + contextPath();
		String swagger = environment.getProperty("springdoc.swagger-ui.path", "/swagger-ui.html");
		return "Sparkway ready: API " + server + "/api/v1, Swagger UI " + server + swagger + ", dashboard " + server
				+ "/, Spark UI " + sparkUi();
	}

	private String sparkUi() {
		SparkContext context = spark.currentSession().sparkContext();
		String address = context.isStopped() ? null : sparkProperties.uiAddress(context);
		return address == null ? "off" : address;
	}

	/** The bind address when it names one host; else localhost (the server listens on every interface). */
	private String host() {
		String address = environment.getProperty("server.address");
		if (address != null && !address.isBlank()) {
			try {
				InetAddress bound = InetAddress.getByName(address);
				if (!bound.isAnyLocalAddress()) {
					return bound.getHostAddress().contains(":") ? "[" + bound.getHostAddress() + "]" : address;
				}
			}
			catch (UnknownHostException ex) {
				return address;
			}
		}
		return "localhost";
	}

	private String contextPath() {
		String path = environment.getProperty("server.servlet.context-path", "");
		return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
	}

}
