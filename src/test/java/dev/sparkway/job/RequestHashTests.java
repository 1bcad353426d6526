package dev.sparkway.job;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The idempotency hash of a submission. Expected values are {@code sha256sum} of the canonical JSON, by hand.
 */
class RequestHashTests {

	@Test
	void aBodyWithoutReuseHashesAsBeforeTheFieldExisted() {
		// printf '%s' '{"params":{"salesPath":"a.csv"},"pipeline":"retail-sales","timeoutSeconds":null}' | sha256sum
		assertThat(RequestHash.of(new SubmitJobRequest("retail-sales", Map.of("salesPath", "a.csv"), null, null, null)))
			.isEqualTo("62c481d83b8eb3709148b9faa9b8344628516151d8bfdaf2c157b47ae0ea7301");
	}

	@Test
	void reuseIsPartOfTheRequest() {
		// printf '%s' '{"params":{"salesPath":"a.csv"},"pipeline":"retail-sales","reuse":true,"timeoutSeconds":null}'
		assertThat(RequestHash.of(new SubmitJobRequest("retail-sales", Map.of("salesPath", "a.csv"), null, true, null)))
			.isEqualTo("75ad6332122fdbab3d33355dba6f01474fab8e780b963086cd7d9acf7cd6238d");
	}

}
