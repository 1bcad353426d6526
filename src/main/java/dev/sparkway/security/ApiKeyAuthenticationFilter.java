package dev.sparkway.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request by its API key ({@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}),
 * comparing the key's SHA-256 with the configured hashes in constant time. A request without a key goes on
 * unauthenticated (authorization then decides); one with an unknown key is answered 401 at once.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	static final String API_KEY_HEADER = "X-API-Key";

	private final List<Known> keys;

	private final AuthenticationEntryPoint entryPoint;

	ApiKeyAuthenticationFilter(List<SecurityProperties.ApiKey> keys, AuthenticationEntryPoint entryPoint) {
		this.keys = keys.stream().map(k -> new Known(HexFormat.of().parseHex(k.sha256().toLowerCase()), k)).toList();
		this.entryPoint = entryPoint;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String presented = presentedKey(request);
		if (presented != null) {
			SecurityProperties.ApiKey key = match(presented);
			if (key == null) {
				SecurityContextHolder.clearContext();
				entryPoint.commence(request, response, new BadCredentialsException("Unknown API key."));
				return;
			}
			PreAuthenticatedAuthenticationToken authentication = new PreAuthenticatedAuthenticationToken(key.name(),
					null, key.roles().stream().map(r -> new SimpleGrantedAuthority(r.authority())).toList());
			SecurityContextHolder.getContext().setAuthentication(authentication);
		}
		chain.doFilter(request, response);
	}

	private static String presentedKey(HttpServletRequest request) {
		String header = request.getHeader(API_KEY_HEADER);
		if (header != null && !header.isBlank()) {
			return header.strip();
		}
		String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
		if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return authorization.substring(7).strip();
		}
		return null;
	}

	private SecurityProperties.ApiKey match(String presented) {
		byte[] hash = sha256(presented);
		SecurityProperties.ApiKey found = null;
		for (Known known : keys) {
			// Look at every key, so the time taken does not tell how far a guess got.
			if (MessageDigest.isEqual(known.hash(), hash)) {
				found = known.key();
			}
		}
		return found;
	}

	static byte[] sha256(String key) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private record Known(byte[] hash, SecurityProperties.ApiKey key) {
	}

}
