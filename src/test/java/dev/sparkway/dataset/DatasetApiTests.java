package dev.sparkway.dataset;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sparkway.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Uploading CSV files and listing what is under the input root.
 */
class DatasetApiTests extends IntegrationTest {

	private static final String SALES = """
			TransactionID,Timestamp,StoreID,ProductID,UserID,Quantity,UnitPrice
			T1,2024-05-01 09:00:00,0009,P,U,2,4.25
			""";

	@Test
	void anUploadedCsvIsListedAndRunsAsJobInput() {
		JsonNode stored = upload("my-sales", SALES, false).expect(201).body();

		assertThat(stored.get("path").asText()).isEqualTo("uploads/my-sales.csv");
		assertThat(stored.get("size").asLong()).isEqualTo(SALES.length());
		assertThat(stored.get("columns").get(0).asText()).isEqualTo("TransactionID");

		JsonNode listed = get("/api/v1/datasets").expect(200).body();
		JsonNode entry = null;
		for (JsonNode item : listed) {
			if (item.get("path").asText().equals("uploads/my-sales.csv")) {
				entry = item;
			}
		}
		assertThat(entry).as("listed: %s", listed).isNotNull();
		assertThat(entry.get("columns")).hasSize(7);

		JsonNode job = runToSuccess("retail-sales", Map.of("salesPath", "uploads/my-sales.csv"));
		JsonNode row = previewRows(job.get("id").asText(), "daily_sales").get(0);
		assertThat(row.get("StoreID").asText()).isEqualTo("0009");
		assertThat(row.get("TotalDailySales").asDouble()).isEqualTo(8.5);
	}

	@Test
	void listingSkipsLinksThatCouldLeadOutsideTheInputRoot() throws Exception {
		java.nio.file.Path outside = inputRoot().getParent().resolve("outside.csv");
		java.nio.file.Files.writeString(outside, "secret,columns\n");
		java.nio.file.Path link = inputRoot().resolve("linked/outside.csv");
		java.nio.file.Files.createDirectories(link.getParent());
		java.nio.file.Files.deleteIfExists(link);
		java.nio.file.Files.createSymbolicLink(link, outside);
		writeInput("linked/inside.csv", "a,b\n");

		JsonNode listed = get("/api/v1/datasets").expect(200).body();

		assertThat(listed.toString()).contains("linked/inside.csv").doesNotContain("linked/outside.csv")
			.doesNotContain("secret");
	}

	@Test
	void anExistingNameIs409UnlessOverwriteIsAsked() {
		upload("twice", SALES, false).expect(201);

		Reply again = upload("twice", "a,b\n1,2\n", false);
		again.expect(409);
		assertThat(again.contentType()).startsWith("application/problem+json");
		assertThat(again.body().get("detail").asText()).contains("overwrite=true");
		assertThat(inputRoot().resolve("uploads/twice.csv")).hasContent(SALES.strip());

		upload("twice", "a,b\n1,2\n", true).expect(201);
		assertThat(inputRoot().resolve("uploads/twice.csv")).hasContent("a,b\n1,2");
	}

	@Test
	void badNamesAndEmptyFilesAre400() {
		for (String name : new String[] { "../escape", "a/b", "with space", "", "x".repeat(101) }) {
			Reply reply = upload(name, SALES, false);
			reply.expect(400);
			assertThat(reply.contentType()).startsWith("application/problem+json");
		}
		Reply empty = upload("empty", "", false);
		empty.expect(400);
		assertThat(empty.body().get("detail").asText()).contains("empty");
		assertThat(inputRoot().resolve("uploads/empty.csv")).doesNotExist();
	}

	private Reply upload(String name, String content, boolean overwrite) {
		MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
		parts.add("file", new ByteArrayResource(content.getBytes()) {
			@Override
			public String getFilename() {
				return "upload.csv";
			}
		});
		parts.add("name", name);
		parts.add("overwrite", Boolean.toString(overwrite));
		return exchange(http().post().uri("/api/v1/datasets").contentType(MediaType.MULTIPART_FORM_DATA).body(parts));
	}

}
