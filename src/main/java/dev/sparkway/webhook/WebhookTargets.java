package dev.sparkway.webhook;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * Which URLs a webhook may call: an http(s) URL whose {@code host} or {@code host:port} is allowed, and whose
 * addresses are public, or loopback/private ones listed themselves (so a listed name that starts resolving to an
 * inside address, DNS rebinding, is refused). Checked at submission and again before every attempt.
 */
class WebhookTargets {

	/** Resolves a host name to its addresses; a seam for tests. */
	interface Resolver {

		InetAddress[] resolve(String host) throws UnknownHostException;

	}

	private final Set<String> allowed;

	private final Resolver resolver;

	/** @param allowed {@code host} or {@code host:port} entries, any case */
	WebhookTargets(Collection<String> allowed, Resolver resolver) {
		this.allowed = new LinkedHashSet<>();
		allowed.forEach(entry -> this.allowed.add(entry.trim().toLowerCase(Locale.ROOT)));
		this.resolver = resolver;
	}

	/**
	 * The URL if it may be called as far as can be told without resolving it.
	 * @throws RefusedTargetException naming what is wrong (the host, for one not allowed)
	 */
	URI parse(String url) {
		URI uri;
		try {
			uri = new URI(url);
		}
		catch (URISyntaxException | NullPointerException ex) {
			throw new RefusedTargetException("'" + url + "' is not a URL.");
		}
		String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
		if (!scheme.equals("https") && !scheme.equals("http") || uri.getHost() == null || uri.getRawUserInfo() != null) {
			throw new RefusedTargetException("'" + url + "' must be an http(s) URL with a host and no user info.");
		}
		String host = uri.getHost().toLowerCase(Locale.ROOT);
		int port = port(uri);
		if (!listed(host, port)) {
			throw new RefusedTargetException("The host '" + host + ":" + port
					+ "' is not in sparkway.webhooks.allowed-hosts; ask the operator to list it.");
		}
		return uri;
	}

	/**
	 * Resolves the URL's host and checks every address.
	 * @param unresolvableIsRefused whether a host that does not resolve is refused (at delivery) or let through (at
	 * submission: it may resolve later, and is checked again then)
	 * @throws RefusedTargetException for a loopback or private address that is not listed
	 */
	void checkAddresses(URI uri, boolean unresolvableIsRefused) {
		String host = uri.getHost();
		InetAddress[] addresses;
		try {
			addresses = resolver.resolve(host.startsWith("[") ? host.substring(1, host.length() - 1) : host);
		}
		catch (UnknownHostException ex) {
			if (unresolvableIsRefused) {
				throw new RefusedTargetException("The host '" + host + "' does not resolve.");
			}
			return;
		}
		int port = port(uri);
		for (InetAddress address : addresses) {
			if (isInside(address) && !listed(literal(address), port)) {
				throw new RefusedTargetException("The host '" + host + "' resolves to the loopback or private address "
						+ address.getHostAddress() + ", which is not in sparkway.webhooks.allowed-hosts.");
			}
		}
	}

	private boolean listed(String host, int port) {
		return allowed.contains(host) || allowed.contains(host + ":" + port);
	}

	private static int port(URI uri) {
		return uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
	}

	private static String literal(InetAddress address) {
		String text = address.getHostAddress().toLowerCase(Locale.ROOT);
		return address instanceof Inet6Address ? "[" + text + "]" : text;
	}

	/** Loopback, private (RFC 1918, unique-local fc00::/7, carrier-grade NAT 100.64/10), link-local, any, multicast. */
	static boolean isInside(InetAddress address) {
		if (address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
				|| address.isAnyLocalAddress() || address.isMulticastAddress()) {
			return true;
		}
		byte[] bytes = address.getAddress();
		if (address instanceof Inet4Address) {
			return (bytes[0] & 0xff) == 100 && (bytes[1] & 0xc0) == 64 || (bytes[0] & 0xff) == 0;
		}
		return (bytes[0] & 0xfe) == 0xfc;
	}

	/** A URL a webhook may not call, and why. */
	static class RefusedTargetException extends RuntimeException {

		RefusedTargetException(String message) {
			super(message);
		}

	}

}
