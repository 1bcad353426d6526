package dev.sparkway.job;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CSV fields as RFC 4180 wants them, and the choices it leaves open (null, empty text, nested values).
 */
class OutputDownloadsCsvTests {

	private final OutputDownloads downloads = new OutputDownloads(null, new ObjectMapper());

	@Test
	void fieldsWithCommasQuotesOrLineBreaksAreQuotedWithQuotesDoubled() throws Exception {
		assertThat(downloads.csvField("plain")).isEqualTo("plain");
		assertThat(downloads.csvField("a, b")).isEqualTo("\"a, b\"");
		assertThat(downloads.csvField("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
		assertThat(downloads.csvField("line\r\nbreak")).isEqualTo("\"line\r\nbreak\"");
		assertThat(downloads.csvField("lf\nonly")).isEqualTo("\"lf\nonly\"");
	}

	@Test
	void nullIsAnEmptyFieldAndEmptyTextIsTwoQuotes() throws Exception {
		assertThat(downloads.csvField(null)).isEmpty();
		assertThat(downloads.csvField("")).isEqualTo("\"\"");
	}

	@Test
	void numbersReadAsInJsonAndNestedValuesAsTheirJson() throws Exception {
		assertThat(downloads.csvField(13.0)).isEqualTo("13.0");
		assertThat(downloads.csvField(7L)).isEqualTo("7");
		assertThat(downloads.csvField(List.of(1.5, 2.0))).isEqualTo("\"[1.5,2.0]\"");
		assertThat(downloads.csvField(Map.of("a", 1))).isEqualTo("\"{\"\"a\"\":1}\"");
	}

}
