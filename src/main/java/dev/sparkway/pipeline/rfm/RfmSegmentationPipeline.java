package dev.sparkway.pipeline.rfm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.sparkway.dataset.CsvColumn;
import dev.sparkway.dataset.CsvReader;
import dev.sparkway.dataset.SalesCsv;
import dev.sparkway.pipeline.BadRecords;
import dev.sparkway.pipeline.Observations;
import dev.sparkway.pipeline.OutputSpec;
import dev.sparkway.pipeline.ParameterSpec;
import dev.sparkway.pipeline.BatchPipeline;
import dev.sparkway.pipeline.PipelineContext;
import dev.sparkway.pipeline.PipelineException;
import dev.sparkway.pipeline.PipelineOutput;
import dev.sparkway.pipeline.PipelineParams;
import dev.sparkway.pipeline.PipelineResult;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.clustering.KMeans;
import org.apache.spark.ml.clustering.KMeansModel;
import org.apache.spark.ml.evaluation.ClusteringEvaluator;
import org.apache.spark.ml.feature.StandardScaler;
import org.apache.spark.ml.feature.StandardScalerModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Observation;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import static org.apache.spark.sql.functions.*;

/**
 * RFM segmentation (the seed's Project Example 3): per user, Recency (days since the last purchase, counted from
 * the latest purchase in the data), Frequency (transactions) and MonetaryValue (sum of Quantity*UnitPrice),
 * clustered by an MLlib pipeline of VectorAssembler, StandardScaler (unit variance, not centred) and KMeans.
 * <p>
 * One pass over the CSV builds the per-user table, which is cached: the fit (once per k tried), the transform,
 * the silhouette and the writes all reuse it. The fitted {@link PipelineModel} is saved with MLlib's own writer.
 */
@Component
public class RfmSegmentationPipeline implements BatchPipeline {

	public static final String NAME = "rfm-segmentation";

	static final List<CsvColumn> COLUMNS = SalesCsv.USER_TRANSACTIONS;

	static final String[] FEATURES = { "Recency", "Frequency", "MonetaryValue" };

	static final StructType CENTERS_SCHEMA = new StructType().add("Segment", DataTypes.IntegerType, false)
		.add("Users", DataTypes.LongType, false)
		.add("Recency", DataTypes.DoubleType, false)
		.add("Frequency", DataTypes.DoubleType, false)
		.add("MonetaryValue", DataTypes.DoubleType, false)
		.add("ScaledCenter", DataTypes.createArrayType(DataTypes.DoubleType, false), false);

	private static final Logger log = LoggerFactory.getLogger(RfmSegmentationPipeline.class);

	private final CsvReader csv;

	RfmSegmentationPipeline(CsvReader csv) {
		this.csv = csv;
	}

	@Override
	public String name() {
		return NAME;
	}

	@Override
	public String description() {
		return "Per-user Recency, Frequency and MonetaryValue from the canonical sales CSV, segmented with KMeans on "
				+ "standard-scaled features (optionally choosing k by silhouette); writes each user's segment, the "
				+ "segment centers and the fitted Spark ML PipelineModel.";
	}

	@Override
	public List<ParameterSpec> parameters() {
		return List.of(
				ParameterSpec.csvFile("salesPath", "demo/sales.csv", "Sales CSV, relative to the input root.",
						CsvColumn.names(COLUMNS)),
				BadRecords.parameter(),
				ParameterSpec.integer("k", 5, 2, 50, "Number of segments (ignored when autoK is set)."),
				ParameterSpec.longValue("seed", 42L, "Seed of KMeans' initialisation; the same seed and input "
						+ "give the same segments."),
				ParameterSpec.integer("maxIter", 20, 1, 1000, "Maximum KMeans iterations."),
				ParameterSpec.integer("autoK", null, 2, 50, "When set to K, tries every k in 2..K (at most the "
						+ "number of users) and keeps the one with the best silhouette; summary.silhouetteByK "
						+ "lists each k tried."));
	}

	@Override
	public List<OutputSpec> outputs() {
		return List.of(OutputSpec.parquet("segments", "UserID"), OutputSpec.parquet("centers", "Segment"),
				new OutputSpec("model", OutputSpec.SPARK_ML_PIPELINE, List.of()));
	}

	@Override
	public PipelineResult run(PipelineContext context) throws Exception {
		SparkSession spark = context.session();
		PipelineParams params = context.params();
		String salesPath = params.string("salesPath");
		Integer autoK = params.optionalInteger("autoK");
		int k = params.integer("k");
		long seed = params.longValue("seed");
		int maxIter = params.integer("maxIter");

		Dataset<Row> sales = csv.read(spark, params.path("salesPath"), COLUMNS);
		BadRecords.of(params).checkNone(sales, salesPath);

		Observation input = new Observation("rfm_input");
		Dataset<Row> perUser = sales
			.observe(input, count(lit(1)).as("inputRows"), count(col(CsvReader.REJECT_REASON)).as("rejectedRows"))
			.filter(CsvReader.accepted())
			.groupBy(col("UserID"))
			.agg(max(col("Timestamp")).as("LastPurchase"), count(col("TransactionID")).as("Frequency"),
					sum(col("Quantity").multiply(col("UnitPrice"))).as("MonetaryValue"))
			// KMeans' seeded sampling depends on row order within partitions, and shuffle fetch order does not
			// stay put between runs: a fixed order makes the same seed give the same segments.
			.sortWithinPartitions(col("UserID"));

		if (context.planOnly()) {
			// Fitting KMeans runs Spark jobs: a dry run plans the per-user table the fit and the outputs start from.
			context.writeParquet("segments", perUser);
			return PipelineResult.planned();
		}
		// Released by the runner however the job ends, with whatever MLlib left cached on a cancel.
		context.persist(perUser);
		// The first action fills the cache, and the observation with it.
		Row totals = perUser
			.agg(count(lit(1)).as("users"), date_format(max(col("LastPurchase")), "yyyy-MM-dd").as("reference"))
			.first();
		Map<String, Object> counts = Observations.get(spark, input, () -> CsvReader.rowCounts(sales));
		long users = totals.getLong(0);
		String referenceDate = totals.getString(1);
		int needed = autoK == null ? k : 2;
		if (users < needed) {
			throw new PipelineException("rfm-segmentation needs at least " + needed + " distinct users"
					+ (autoK == null ? " for k=" + k : " for autoK") + ", but '" + salesPath + "' has " + users
					+ " (of " + counts.get("inputRows") + " rows, " + counts.get("rejectedRows") + " rejected).");
		}

		Dataset<Row> rfm = perUser.select(col("UserID"),
				datediff(to_date(lit(referenceDate)), to_date(col("LastPurchase"))).as("Recency"),
				col("Frequency"), col("MonetaryValue"));

		Fit best;
		Map<String, Double> silhouetteByK = new LinkedHashMap<>();
		if (autoK == null) {
			best = fit(rfm, k, seed, maxIter);
		}
		else {
			best = null;
			for (int candidate = 2; candidate <= Math.min(autoK, users); candidate++) {
				if (Thread.currentThread().isInterrupted()) {
					throw new InterruptedException("rfm-segmentation stopped between candidate k values");
				}
				Fit fit = fit(rfm, candidate, seed, maxIter);
				silhouetteByK.put(Integer.toString(candidate), fit.silhouette());
				log.debug("rfm-segmentation k={} silhouette={}", candidate, fit.silhouette());
				if (best == null || fit.silhouette() > best.silhouette()) {
					best = fit;
				}
			}
		}

		Dataset<Row> segments = best.assigned()
			.select(col("UserID"), col("Recency"), col("Frequency"), col("MonetaryValue"),
					col("Segment").cast(DataTypes.IntegerType).as("Segment"));
		PipelineOutput segmentsOutput = context.writeParquet("segments", segments);
		PipelineOutput centersOutput = context.writeParquet("centers",
				spark.createDataFrame(centers(best), CENTERS_SCHEMA));
		best.model().write().session(spark).save(context.outputPath("model").toUri().toString());
		PipelineOutput modelOutput = context.describe("model", OutputSpec.SPARK_ML_PIPELINE);

		Map<String, Object> summary = new LinkedHashMap<>();
		summary.put("inputRows", counts.get("inputRows"));
		summary.put("rejectedRows", counts.get("rejectedRows"));
		summary.put("users", users);
		summary.put("referenceDate", referenceDate);
		summary.put("k", best.k());
		summary.put("silhouette", best.silhouette());
		summary.put("trainingCost", best.kmeans().summary().trainingCost());
		if (autoK != null) {
			summary.put("silhouetteByK", silhouetteByK);
		}
		return new PipelineResult(List.of(segmentsOutput, centersOutput, modelOutput), summary);
	}

	/** Fits the MLlib pipeline with {@code k} segments and scores it. */
	private static Fit fit(Dataset<Row> rfm, int k, long seed, int maxIter) {
		VectorAssembler assembler = new VectorAssembler().setInputCols(FEATURES).setOutputCol("Features");
		StandardScaler scaler = new StandardScaler().setInputCol(assembler.getOutputCol())
			.setOutputCol("ScaledFeatures")
			.setWithStd(true)
			.setWithMean(false);
		KMeans kmeans = new KMeans().setFeaturesCol(scaler.getOutputCol())
			.setPredictionCol("Segment")
			.setK(k)
			.setSeed(seed)
			.setMaxIter(maxIter);
		PipelineModel model = new org.apache.spark.ml.Pipeline()
			.setStages(new PipelineStage[] { assembler, scaler, kmeans })
			.fit(rfm);
		Dataset<Row> assigned = model.transform(rfm);

		// At most k rows: the size of each segment that has users.
		Map<Integer, Long> sizes = new LinkedHashMap<>();
		for (Row row : assigned.groupBy(col(kmeans.getPredictionCol())).count().collectAsList()) {
			sizes.put(row.getInt(0), row.getLong(1));
		}
		if (sizes.size() < 2) {
			throw new PipelineException("rfm-segmentation found a single segment for k=" + k + ": every user has the "
					+ "same Recency, Frequency and MonetaryValue, so there is nothing to segment.");
		}
		double silhouette = new ClusteringEvaluator().setFeaturesCol(scaler.getOutputCol())
			.setPredictionCol(kmeans.getPredictionCol())
			.setMetricName("silhouette")
			.setDistanceMeasure("squaredEuclidean")
			.evaluate(assigned);
		return new Fit(k, model, assigned, sizes, silhouette);
	}

	/** One row per center: its size, its position in the features' own units and in the scaled space. */
	private static List<Row> centers(Fit fit) {
		StandardScalerModel scaler = fit.scaler();
		Vector[] centers = fit.kmeans().clusterCenters();
		List<Row> rows = new ArrayList<>();
		for (int segment = 0; segment < centers.length; segment++) {
			double[] scaled = centers[segment].toArray();
			double[] original = new double[scaled.length];
			for (int i = 0; i < scaled.length; i++) {
				double std = scaler.std().apply(i);
				// A feature with no spread scales to 0 everywhere; its one value is then its mean.
				original[i] = std == 0.0 ? scaler.mean().apply(i) : scaled[i] * std;
			}
			rows.add(RowFactory.create(segment, fit.sizes().getOrDefault(segment, 0L), original[0], original[1],
					original[2], Arrays.stream(scaled).boxed().toList()));
		}
		return rows;
	}

	/** A fitted pipeline, its assignments and its score. */
	private record Fit(int k, PipelineModel model, Dataset<Row> assigned, Map<Integer, Long> sizes,
			double silhouette) {

		StandardScalerModel scaler() {
			return (StandardScalerModel) model.stages()[1];
		}

		KMeansModel kmeans() {
			return (KMeansModel) model.stages()[2];
		}

	}

}
