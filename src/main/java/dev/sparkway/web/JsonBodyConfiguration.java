package dev.sparkway.web;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

/**
 * JSON request bodies with a field the endpoint does not know are a 400 ({@code malformed-body}, naming the
 * field): a misspelt {@code "reuse"} or {@code "timeoutSeconds"} must not be dropped silently. Only HTTP bodies:
 * the application's own {@link ObjectMapper} (the job store's JSON columns) keeps Spring Boot's lenient default.
 */
@Configuration(proxyBeanMethods = false)
class JsonBodyConfiguration {

	/** Takes the place of Spring Boot's converter, with the same mapper settings and modules. */
	@Bean
	MappingJackson2HttpMessageConverter strictJsonBodies(ObjectMapper json) {
		return new MappingJackson2HttpMessageConverter(
				json.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
	}

}
