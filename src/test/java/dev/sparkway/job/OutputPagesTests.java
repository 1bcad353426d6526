package dev.sparkway.job;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.sparkway.pipeline.OutputSpec;
import dev.sparkway.pipeline.PipelineOutput;
import dev.sparkway.support.IntegrationTest;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Paging where keys tie and nulls appear: rows equal in every column, split across pages, still come back each
 * exactly once and in order. Not about HTTP, so it calls the pager directly on an output written here.
 */
class OutputPagesTests extends IntegrationTest {

	/** In natural order (k, then n; nulls first): two equal rows, a null n, five equal rows, then b's. */
	static final List<String> ORDERED = List.of("null/2", "null/2", "a/null", "a/1", "a/1", "a/1", "a/1", "a/1",
			"b/null", "b/0");

	@Autowired
	OutputPages pages;

	@ParameterizedTest
	@ValueSource(ints = { 1, 2, 3, 4, 9, 10, 11 })
	void tiedAndNullKeysPageEveryRowOnceInOrder(int size) {
		PipelineOutput output = writeShuffled("ties-" + size);

		List<String> seen = new ArrayList<>();
		String cursor = null;
		int pageCount = 0;
		do {
			OutputPages.Page page = pages.page("job", output, List.of("k"),
					new OutputPages.Query(size, null, Map.of(), cursor), true);
			pageCount++;
			assertThat(page.totalRows()).isEqualTo(10);
			page.rows().forEach(row -> seen.add(row.get("k") + "/" + row.get("n")));
			cursor = page.nextCursor();
		}
		while (cursor != null && pageCount < 20);

		assertThat(seen).isEqualTo(ORDERED);
		assertThat(pageCount).isEqualTo((10 + size - 1) / size);
	}

	@Test
	void aFilterPagesOnlyTheMatchingRows() {
		PipelineOutput output = writeShuffled("ties-filtered");

		OutputPages.Page first = pages.page("job", output, List.of("k"),
				new OutputPages.Query(3, List.of("n"), Map.of("k", List.of("a")), null), true);
		OutputPages.Page second = pages.page("job", output, List.of("k"),
				new OutputPages.Query(3, List.of("n"), Map.of("k", List.of("a")), first.nextCursor()), true);

		assertThat(first.totalRows()).isEqualTo(6);
		assertThat(first.rows().stream().map(r -> String.valueOf(r.get("n")))).containsExactly("null", "1", "1");
		assertThat(second.rows().stream().map(r -> String.valueOf(r.get("n")))).containsExactly("1", "1", "1");
		assertThat(second.nextCursor()).isNull();
	}

	private PipelineOutput writeShuffled(String name) {
		List<String> shuffled = new ArrayList<>(ORDERED);
		java.util.Collections.reverse(shuffled);
		StructType schema = new StructType().add("k", DataTypes.StringType).add("n", DataTypes.IntegerType);
		List<org.apache.spark.sql.Row> rows = shuffled.stream().map(text -> {
			String[] parts = text.split("/");
			return RowFactory.create(parts[0].equals("null") ? null : parts[0],
					parts[1].equals("null") ? null : Integer.valueOf(parts[1]));
		}).toList();
		String location = outputRoot().resolve("pages-tests").resolve(name).toUri().toString();
		spark().createDataFrame(rows, schema).repartition(3).write().parquet(location);
		return new PipelineOutput(name, location, OutputSpec.PARQUET, 10L,
				Arrays.asList(new PipelineOutput.Field("k", "string"), new PipelineOutput.Field("n", "int")));
	}

}
