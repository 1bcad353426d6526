package dev.sparkway.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which files have records spanning lines, and which line break ends their records.
 */
class CsvLayoutTests {

	@TempDir
	Path folder;

	@Test
	void oneLineRecordsWithQuotedCommasAndQuotesDoNotSpanLines() throws IOException {
		assertThat(layout("Id,Note\r\n1,\"a, \"\"b\"\"\"\r\n2,c\r\n")).isEqualTo(new CsvLayout(false, "\r\n"));
		assertThat(layout("Id,Note\n1,x\n")).isEqualTo(new CsvLayout(false, "\n"));
		assertThat(layout("Id,Note\r1,x\r")).isEqualTo(new CsvLayout(false, "\r"));
		assertThat(layout("Id,Note")).isEqualTo(new CsvLayout(false, "\n"));
	}

	@Test
	void aLineBreakInAClosedQuotedFieldSpansLines() throws IOException {
		assertThat(layout("Id,Note\r\n1,\"two\r\nlines\"\r\n")).isEqualTo(new CsvLayout(true, "\r\n"));
		assertThat(layout("Id,Note\r\n1,\"excel\nbreak\"\r\n")).isEqualTo(new CsvLayout(true, "\r\n"));
		assertThat(layout("Id,Note\n1,\"a \"\"quoted\"\"\nword\"\n")).isEqualTo(new CsvLayout(true, "\n"));
		assertThat(layout("\uFEFF\"Id\",Note\n\"1\n\",x")).isEqualTo(new CsvLayout(true, "\n"));
	}

	@Test
	void aQuoteInsideAnUnquotedFieldIsText() throws IOException {
		assertThat(layout("Id,Note\n1,5\" screen\n2,x\"\n")).isEqualTo(new CsvLayout(false, "\n"));
	}

	@Test
	void aQuotedFieldLeftOpenAtTheEndDoesNotCount() throws IOException {
		assertThat(layout("Id,Note\n1,\"open\n2,x\n3,y\n")).isEqualTo(new CsvLayout(false, "\n"));
	}

	private CsvLayout layout(String content) throws IOException {
		return CsvLayout.of(Files.writeString(folder.resolve("f.csv"), content, StandardCharsets.UTF_8));
	}

}
