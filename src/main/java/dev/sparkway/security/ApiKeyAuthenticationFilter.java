package dev.sparkway.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.preauth.PreAuthenticatedAuthenticationToken;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request by its API key ({@code Authorization: Bearer <key>} or {@code X-API-Key: <key>}),
 * matched by {@link ApiKeyMatcher}. A request without a key goes on unauthenticated (authorization then decides);
 * one with an unknown key is answered 401 at once.
 */
class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

	private final ApiKeyMatcher keys;

	private final AuthenticationEntryPoint entryPoint;

	ApiKeyAuthenticationFilter(ApiKeyMatcher keys, AuthenticationEntryPoint entryPoint) {
		this.keys = keys;
		this.entryPoint = entryPoint;
	}

	@Override
	protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
			throws ServletException, IOException {
		String presented = ApiKeyMatcher.presentedKey(request::getHeader);
		if (presented != null) {
			SecurityProperties.ApiKey key = keys.match(presented).orElse(null);
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

	/**
	 * Also on the dispatch that ends an asynchronous request (an event stream closing): the context of the first
	 * dispatch is gone by then, and authorization runs again.
	 */
	@Override
	protected boolean shouldNotFilterAsyncDispatch() {
		return false;
	}

}
