package dev.sparkway.pipeline.rfm;

import java.util.ArrayList;
import java.util.List;

import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.CallSite;

/**
 * Everything a run persists, released when the run ends however it ends (success, failure, cancel).
 * <p>
 * Datasets persisted through {@link #persist} are unpersisted. MLlib persists RDDs of its own while it fits
 * (KMeans' training instances, its k-means|| costs) and unpersists them only when {@code fit} returns normally,
 * so a cancel in the middle of a fit would leave them cached for the server's lifetime. Every RDD created on the
 * run's thread is therefore tagged with a call site naming the job, and those still persisted at the end are
 * released too. Other jobs' RDDs, made on other threads, never carry the tag.
 */
final class RunCaches implements AutoCloseable {

	private final SparkContext sc;

	private final String callSite;

	private final String previousCallSite;

	private final List<Dataset<?>> persisted = new ArrayList<>();

	private RunCaches(SparkContext sc, String callSite) {
		this.sc = sc;
		this.callSite = callSite;
		this.previousCallSite = sc.getLocalProperty(CallSite.SHORT_FORM());
		sc.setCallSite(callSite);
	}

	/** Starts tagging the RDDs this thread creates; close on the same thread. */
	static RunCaches open(SparkContext sc, String pipeline, String jobId) {
		return new RunCaches(sc, pipeline + " " + jobId);
	}

	<T> Dataset<T> persist(Dataset<T> data) {
		persisted.add(data);
		return data.persist(StorageLevel.MEMORY_AND_DISK());
	}

	@Override
	public void close() {
		try {
			// Non-blocking: the run's thread may be interrupted (cancel), and the blocks go soon enough.
			persisted.forEach(data -> data.unpersist(false));
			List<JavaRDD<?>> left = new ArrayList<>(JavaSparkContext.fromSparkContext(sc).getPersistentRDDs().values());
			for (JavaRDD<?> rdd : left) {
				// getCreationSite is private[spark] in Scala, public in bytecode: the one record of who made an RDD.
				if (callSite.equals(rdd.rdd().getCreationSite())) {
					rdd.unpersist(false);
				}
			}
		}
		finally {
			sc.setLocalProperty(CallSite.SHORT_FORM(), previousCallSite);
		}
	}

}
