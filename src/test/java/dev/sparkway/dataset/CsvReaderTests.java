package dev.sparkway.dataset;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import dev.sparkway.spark.JobSessions;
import dev.sparkway.support.IntegrationTest;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one CSV rule set every pipeline shares: which values parse and which rows are rejected, and why.
 */
class CsvReaderTests extends IntegrationTest {

	@Autowired
	JobSessions sessions;

	@Autowired
	CsvReader csv;

	@Test
	void acceptsOnlyValuesThatParseExactlyAndSaysWhyARowIsRejected() throws InterruptedException {
		String path = writeInput("csv/values.csv", "\uFEFFId,Count,Price,At\n"
				+ "ok,7,1.5,2024-03-31 02:30:00\n"
				+ "spaces, 8 ,2e1,2024-01-01 00:00:00\n"
				+ "fraction,1.5,1,2024-01-01 00:00:00\n"
				+ "words,two,1,2024-01-01 00:00:00\n"
				+ "too big,3000000000,1,2024-01-01 00:00:00\n"
				+ "java suffix,1,10d,2024-01-01 00:00:00\n"
				+ "not a number,1,NaN,2024-01-01 00:00:00\n"
				+ "infinite,1,Infinity,2024-01-01 00:00:00\n"
				+ "hex,1,0x1p3,2024-01-01 00:00:00\n"
				+ "no price,1,,2024-01-01 00:00:00\n"
				+ "bad day,1,1,2024-02-30 10:00:00\n"
				+ "short year,1,1,24-01-01 10:00:00\n"
				+ ",1,1,2024-01-01 00:00:00\n");
		List<CsvColumn> columns = List.of(CsvColumn.string("Id"), CsvColumn.integer("Count"),
				CsvColumn.decimal("Price"), CsvColumn.timestamp("At"));

		List<Row> rows = csv.read(sessions.newSession(), inputRoot().resolve(path), columns).collectAsList();

		Map<String, String> reasons = rows.stream()
			.filter(r -> r.getString(0) != null)
			.collect(Collectors.toMap(r -> r.getString(0), r -> String.valueOf(r.getString(4))));
		assertThat(reasons).containsEntry("ok", "null")
			.containsEntry("spaces", "null")
			.containsEntry("fraction", "Count '1.5' is not an integer")
			.containsEntry("words", "Count 'two' is not an integer")
			.containsEntry("too big", "Count '3000000000' is not an integer")
			.containsEntry("java suffix", "Price '10d' is not a number")
			.containsEntry("not a number", "Price 'NaN' is not a number")
			.containsEntry("infinite", "Price 'Infinity' is not a number")
			.containsEntry("hex", "Price '0x1p3' is not a number")
			.containsEntry("no price", "Price is empty")
			.containsEntry("bad day", "At '2024-02-30 10:00:00' is not a timestamp (yyyy-MM-dd HH:mm:ss)")
			.containsEntry("short year", "At '24-01-01 10:00:00' is not a timestamp (yyyy-MM-dd HH:mm:ss)");
		assertThat(rows).hasSize(13);
		Row blankId = rows.stream().filter(r -> r.getString(0) == null).findFirst().orElseThrow();
		assertThat(blankId.getString(4)).isEqualTo("Id is empty");
		Row spaces = rows.stream().filter(r -> "spaces".equals(r.getString(0))).findFirst().orElseThrow();
		assertThat(spaces.getInt(1)).isEqualTo(8);
		assertThat(spaces.getDouble(2)).isEqualTo(20.0);
		Row ok = rows.stream().filter(r -> "ok".equals(r.getString(0))).findFirst().orElseThrow();
		assertThat(ok.getTimestamp(3).toInstant()).hasToString("2024-03-31T02:30:00Z");
	}

	@Test
	void keepsLineBreaksInsideQuotedFieldsAndRejectsOnlyWhatDoesNotParse() throws InterruptedException {
		String path = writeInput("csv/line-breaks.csv", "Id,Note,Count\r\n"
				+ "a,\"first line\r\nsecond line\",1\r\n"
				+ "b,\"unix\nbreak, and \"\"quotes\"\"\",2\r\n"
				+ "c,plain,3\r\n"
				+ "\"d\nbroken id\",\"\",4\r\n"
				+ "e,\"last\n\",x\r\n");
		List<CsvColumn> columns = List.of(CsvColumn.string("Id"), CsvColumn.string("Note"), CsvColumn.integer("Count"));

		List<Row> rows = csv.read(sessions.newSession(), inputRoot().resolve(path), columns).collectAsList();

		assertThat(rows).hasSize(5);
		Map<String, Row> byId = rows.stream().collect(Collectors.toMap(r -> r.getString(0), r -> r));
		assertThat(byId.get("a").getString(1)).isEqualTo("first line\r\nsecond line");
		assertThat(byId.get("a").getInt(2)).isEqualTo(1);
		assertThat(byId.get("a").isNullAt(3)).isTrue();
		assertThat(byId.get("b").getString(1)).isEqualTo("unix\nbreak, and \"quotes\"");
		assertThat(byId.get("b").isNullAt(3)).isTrue();
		assertThat(byId.get("c").getString(1)).isEqualTo("plain");
		assertThat(byId.get("c").isNullAt(3)).isTrue();
		assertThat(byId.get("d\nbroken id").getString(3)).isEqualTo("Note is empty");
		assertThat(byId.get("e").getString(1)).isEqualTo("last\n");
		assertThat(byId.get("e").getString(3)).isEqualTo("Count 'x' is not an integer");
	}

	@Test
	void namesTheFirstBadRowOfAFileWithRecordsSpanningLinesByRowAlone() throws InterruptedException {
		String path = writeInput("csv/line-breaks-bad.csv", "Id,Note,Count\n"
				+ "a,\"two\nlines\",1\n"
				+ "b,\"three\n\nlines\",x\n"
				+ "c,plain,y\n");
		List<CsvColumn> columns = List.of(CsvColumn.string("Id"), CsvColumn.string("Note"), CsvColumn.integer("Count"));

		// Read twice: first parsed (and kept), then from the parse cache.
		for (int read = 0; read < 2; read++) {
			assertThat(CsvReader.firstRejected(csv.read(sessions.newSession(), inputRoot().resolve(path), columns)))
				.contains("data row 2: Count 'x' is not an integer");
		}
	}

	@Test
	void readsTheHeaderOfAQuotedFirstRecordOnly() {
		String path = writeInput("csv/header.csv", "\"Id\",\"Na,me\",\"Say \"\"x\"\"\"\r\n1,2,3\n");

		assertThat(CsvHeaders.read(inputRoot().resolve(path))).containsExactly("Id", "Na,me", "Say \"x\"");
	}

}
