package dev.sparkway.security;

import java.util.List;
import java.util.Set;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * API keys, stored as SHA-256 hashes (hex), each with a name (recorded as a job's {@code submittedBy}) and roles.
 *
 * @param enabled when false every request is allowed (a developer machine); the server warns loudly at start
 * @param keys the accepted keys
 */
@Validated
@ConfigurationProperties("sparkway.security")
public record SecurityProperties(@DefaultValue("false") boolean enabled, @Valid List<ApiKey> keys) {

	public SecurityProperties {
		keys = keys == null ? List.of() : List.copyOf(keys);
	}

	/**
	 * One key.
	 *
	 * @param name who holds it, e.g. {@code dashboard}
	 * @param sha256 hex SHA-256 of the key ({@code printf %s "$KEY" | sha256sum})
	 * @param roles {@code read}, {@code submit}, {@code admin}
	 */
	public record ApiKey(@NotBlank String name, @NotBlank @Pattern(regexp = "[0-9a-fA-F]{64}") String sha256,
			@NotEmpty Set<Role> roles) {
	}

}
