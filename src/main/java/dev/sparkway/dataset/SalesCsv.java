package dev.sparkway.dataset;

import java.util.List;

/**
 * The canonical sales file every pipeline reads: {@code TransactionID, Timestamp, StoreID, ProductID, UserID,
 * Quantity, UnitPrice}, each column with its one parsing rule. Pipelines pick the columns they need.
 */
public final class SalesCsv {

	public static final CsvColumn TRANSACTION_ID = CsvColumn.string("TransactionID");

	public static final CsvColumn TIMESTAMP = CsvColumn.timestamp("Timestamp");

	public static final CsvColumn STORE_ID = CsvColumn.string("StoreID");

	public static final CsvColumn PRODUCT_ID = CsvColumn.string("ProductID");

	public static final CsvColumn USER_ID = CsvColumn.string("UserID");

	public static final CsvColumn QUANTITY = CsvColumn.integer("Quantity");

	public static final CsvColumn UNIT_PRICE = CsvColumn.decimal("UnitPrice");

	/** What fraud-features and rfm-segmentation need: a user's transactions and their amounts. */
	public static final List<CsvColumn> USER_TRANSACTIONS = List.of(TRANSACTION_ID, TIMESTAMP, USER_ID, QUANTITY,
			UNIT_PRICE);

	private SalesCsv() {
	}

}
