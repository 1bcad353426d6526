package dev.sparkway.webhook;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which URLs a webhook may call, with a resolver the test controls (so DNS rebinding can be played out). */
class WebhookTargetsTests {

	private final Map<String, String> dns = new java.util.HashMap<>(Map.of("hooks.example.com", "93.184.216.34",
			"ci.internal", "10.1.2.3"));

	private final WebhookTargets targets = new WebhookTargets(List.of("HOOKS.example.com", "ci.internal:8443",
			"10.1.2.3:8443", "127.0.0.1"), this::resolve);

	private InetAddress[] resolve(String host) throws UnknownHostException {
		String address = dns.getOrDefault(host, host.matches("[0-9.]+|.*:.*") ? host : null);
		if (address == null) {
			throw new UnknownHostException(host);
		}
		return new InetAddress[] { InetAddress.getByName(address) };
	}

	@Test
	void aListedHostIsAllowedOnAnyPortAndAHostWithAPortOnlyOnThatPort() {
		assertThatCode(() -> targets.parse("https://hooks.example.com/a")).doesNotThrowAnyException();
		assertThatCode(() -> targets.parse("http://hooks.example.com:8080/a")).doesNotThrowAnyException();
		assertThatCode(() -> targets.parse("https://ci.internal:8443/a")).doesNotThrowAnyException();
		assertThatThrownBy(() -> targets.parse("https://ci.internal/a")).hasMessageContaining("'ci.internal:443'");
		assertThatThrownBy(() -> targets.parse("https://other.example.com/a"))
			.hasMessageContaining("'other.example.com:443'");
	}

	@Test
	void onlyHttpUrlsWithAHostAndNoUserInfoAreCalled() {
		assertThatThrownBy(() -> targets.parse("ftp://hooks.example.com/a")).hasMessageContaining("http(s) URL");
		assertThatThrownBy(() -> targets.parse("https://user:pw@hooks.example.com/a")).hasMessageContaining("user info");
		assertThatThrownBy(() -> targets.parse("not a url")).hasMessageContaining("is not a URL");
	}

	@Test
	void aPrivateAddressIsCalledOnlyWhenTheAddressItselfIsListed() {
		assertThatCode(() -> targets.checkAddresses(URI.create("https://ci.internal:8443/a"), true))
			.doesNotThrowAnyException();
		assertThatCode(() -> targets.checkAddresses(URI.create("http://127.0.0.1:9000/a"), true))
			.doesNotThrowAnyException();
		WebhookTargets namesOnly = new WebhookTargets(List.of("ci.internal:8443"), this::resolve);
		assertThatThrownBy(() -> namesOnly.checkAddresses(URI.create("https://ci.internal:8443/a"), true))
			.hasMessageContaining("10.1.2.3");
	}

	@Test
	void aListedNameThatStartsResolvingToAnInsideAddressIsRefused() {
		URI uri = targets.parse("https://hooks.example.com/a");
		assertThatCode(() -> targets.checkAddresses(uri, true)).doesNotThrowAnyException();
		dns.put("hooks.example.com", "169.254.169.254");
		assertThatThrownBy(() -> targets.checkAddresses(uri, true)).hasMessageContaining("169.254.169.254");
		dns.put("hooks.example.com", "192.168.0.10");
		assertThatThrownBy(() -> targets.checkAddresses(uri, true)).hasMessageContaining("192.168.0.10");
	}

	@Test
	void anUnresolvableHostPassesAtSubmissionAndIsRefusedAtDelivery() {
		dns.remove("hooks.example.com");
		URI uri = targets.parse("https://hooks.example.com/a");
		assertThatCode(() -> targets.checkAddresses(uri, false)).doesNotThrowAnyException();
		assertThatThrownBy(() -> targets.checkAddresses(uri, true)).hasMessageContaining("does not resolve");
	}

	@Test
	void insideAddressesAreRecognised() throws UnknownHostException {
		for (String inside : new String[] { "127.0.0.1", "10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.1.1",
				"100.64.0.1", "0.0.0.0", "::1", "fd00::1", "fe80::1", "224.0.0.1" }) {
			org.assertj.core.api.Assertions.assertThat(WebhookTargets.isInside(InetAddress.getByName(inside)))
				.as(inside)
				.isTrue();
		}
		for (String outside : new String[] { "93.184.216.34", "100.128.0.1", "172.32.0.1", "2606:4700::1111" }) {
			org.assertj.core.api.Assertions.assertThat(WebhookTargets.isInside(InetAddress.getByName(outside)))
				.as(outside)
				.isFalse();
		}
	}

}
