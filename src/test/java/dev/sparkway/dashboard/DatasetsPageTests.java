package dev.sparkway.dashboard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

import static org.assertj.core.api.Assertions.assertThat;

/** The datasets page: a CSV uploaded with the progress bar lands under uploads/ and in the list. */
class DatasetsPageTests extends DashboardTest {

	private static final String SALES = "TransactionID,Timestamp,StoreID,ProductID,UserID,Quantity,UnitPrice\n"
			+ "T1,2024-01-01 10:00:00,1,P1,U1,2,3.5\n" + "T2,2024-01-02 11:00:00,2,P2,U2,1,9.0\n";

	@BeforeEach
	void signIn() {
		useKey(ADMIN_KEY);
	}

	@Test
	void anUploadedCsvFillsTheProgressBarAndAppearsInTheList() throws IOException {
		String name = "browser-" + UUID.randomUUID().toString().substring(0, 8);
		Path file = Files.createDirectories(Path.of("target", "browser-uploads").toAbsolutePath()).resolve(name + ".csv");
		Files.writeString(file, SALES);
		open("#/datasets", "datasets");
		assertThat(driver().findElements(testId("dataset-row", "data-path", "uploads/" + name + ".csv"))).isEmpty();

		find(testId("dataset-file")).sendKeys(file.toString());
		WebElement nameInput = find(testId("dataset-name"));
		nameInput.clear();
		nameInput.sendKeys(name);
		find(testId("upload-dataset")).click();

		WebElement row = await("row of uploads/" + name + ".csv", PAGE, d -> d
			.findElements(testId("dataset-row", "data-path", "uploads/" + name + ".csv"))
			.stream()
			.findFirst()
			.orElse(null));
		WebElement progress = find(testId("upload-progress"));
		assertThat(progress.getDomProperty("value")).isEqualTo(progress.getDomProperty("max"));
		assertThat(find(testId("upload-result")).getText()).contains("uploads/" + name + ".csv");
		assertThat(row.getText()).contains("TransactionID");
		assertThat(inputRoot().resolve("uploads/" + name + ".csv")).hasContent(SALES.strip());
		browser().screenshot("datasets");
	}

}
