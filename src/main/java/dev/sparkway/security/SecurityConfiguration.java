package dev.sparkway.security;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sparkway.StartupConfigurationException;
import dev.sparkway.web.ApiCors;
import dev.sparkway.web.HttpProperties;
import dev.sparkway.web.SecurityHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * Who may call what. With {@code sparkway.security.enabled=false} (the repository's default, for a developer
 * machine) everything is open and the server says so loudly at start; with it true, every request but health, the
 * API docs and the dashboard's static files needs an API key with the right role. Every answer carries the
 * {@link SecurityHeaders}.
 */
// HttpProperties (CORS) named here too, so this configuration stands on its own (as in ApiKeySecurityTests).
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(HttpProperties.class)
class SecurityConfiguration {

	private static final Logger log = LoggerFactory.getLogger(SecurityConfiguration.class);

	/** Also the firewall's {@code RequestRejectedHandler}: Spring Security picks that up as a bean. */
	@Bean
	ProblemAuthenticationHandlers problemHandlers(ObjectMapper json) {
		return new ProblemAuthenticationHandlers(json);
	}

	@Bean
	SecurityFilterChain apiSecurity(HttpSecurity http, SecurityProperties properties,
			ProblemAuthenticationHandlers problems, HttpProperties httpProperties, ObjectMapper json) throws Exception {
		// First in the chain: a preflight carries no API key.
		http.addFilter(ApiCors.filter(httpProperties, json));
		http.csrf(csrf -> csrf.disable())
			.httpBasic(basic -> basic.disable())
			.formLogin(form -> form.disable())
			.logout(logout -> logout.disable())
			.requestCache(cache -> cache.disable())
			.sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.exceptionHandling(errors -> errors.authenticationEntryPoint(problems).accessDeniedHandler(problems))
			// Spring Security's defaults (nosniff, X-Frame-Options DENY, no caching) plus a content security policy.
			.headers(headers -> headers
				.contentSecurityPolicy(csp -> csp.policyDirectives(SecurityHeaders.SERVER_CONTENT_SECURITY_POLICY))
				.referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)));
		if (!properties.enabled()) {
			log.warn("""

					************************************************************************
					  SECURITY IS OFF: sparkway.security.enabled=false. Anyone who can
					  reach this server can run, cancel and delete jobs, and read
					  everything in the Spark UI. Set it to true and configure
					  sparkway.security.keys before exposing the server.
					************************************************************************""");
			return http.authorizeHttpRequests(requests -> requests.anyRequest().permitAll()).build();
		}
		if (properties.keys().isEmpty()) {
			throw new StartupConfigurationException("sparkway.security.keys",
					"sparkway.security.enabled is true but no API key is configured.",
					"Add sparkway.security.keys[0].name, .sha256 (printf %s \"$KEY\" | sha256sum) and .roles, "
							+ "or set sparkway.security.enabled=false on a developer machine.");
		}
		http.addFilterBefore(new ApiKeyAuthenticationFilter(new ApiKeyMatcher(properties.keys()), problems),
				AnonymousAuthenticationFilter.class);
		http.authorizeHttpRequests(requests -> requests
			.requestMatchers("/actuator/health", "/actuator/health/**").permitAll()
			// Scraping: a read key is enough once these endpoints are exposed.
			.requestMatchers(HttpMethod.GET, "/actuator/prometheus", "/actuator/metrics", "/actuator/metrics/**")
			.hasRole(Role.READ.name())
			.requestMatchers("/swagger-ui.html", "/swagger-ui/**", "/v3/api-docs", "/v3/api-docs/**", "/error")
			.permitAll()
			// The dashboard's static files hold no data: the page loads without a key and asks for one on its
			// first 401 from the API.
			.requestMatchers(HttpMethod.GET, "/", "/index.html", "/dashboard/**", "/webjars/**", "/favicon.ico")
			.permitAll()
			.requestMatchers(HttpMethod.GET, "/api/**").hasRole(Role.READ.name())
			.requestMatchers(HttpMethod.POST, "/api/v1/jobs", "/api/v1/jobs/*/cancel", "/api/v1/jobs/*/retry",
					"/api/v1/datasets")
			.hasRole(Role.SUBMIT.name())
			.anyRequest()
			.hasRole(Role.ADMIN.name()));
		log.info("API keys required: {} key(s) configured", properties.keys().size());
		return http.build();
	}

	/** What the Spark UI's filter applies; the session holder installs it in each session it builds. */
	@Bean
	SparkUiSecurity sparkUiSecurity(SecurityProperties properties) {
		return new SparkUiSecurity(properties);
	}

	@Bean
	static RoleHierarchy roleHierarchy() {
		return RoleHierarchyImpl.withDefaultRolePrefix()
			.role(Role.ADMIN.name())
			.implies(Role.SUBMIT.name())
			.role(Role.SUBMIT.name())
			.implies(Role.READ.name())
			.build();
	}

	/** No users and no generated password: API keys are the only credentials. */
	@Bean
	UserDetailsService noUsers() {
		return new InMemoryUserDetailsManager();
	}

}
