package dev.focusnfix.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The driver's Spark context: one per JVM, created on first use for a master URL and kept for the process's later
 * evaluations (a sweep's runs share it); under {@code spark-submit} the master it set is used.
 */
final class SparkContexts {

    private static JavaSparkContext context;

    private SparkContexts() {}

    /** The context for {@code master}, or spark-submit's when {@code master} is null. */
    static synchronized JavaSparkContext forMaster(String master) {
        if (context != null && !context.sc().isStopped()) {
            if (master != null && !master.equals(context.master())) {
                throw new IllegalStateException("this process already runs Spark with master " + context.master()
                        + "; one process uses one master (asked for " + master + ")");
            }
            return context;
        }
        SparkConf conf = new SparkConf(true).setAppName("focusnfix");
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            throw new IllegalArgumentException("execution.engine: spark needs a master: set execution.master or "
                    + "give --spark-master URL (local[N], spark://HOST:7077, yarn, k8s://...), or start with "
                    + "spark-submit --master URL");
        }
        conf.setIfMissing("spark.ui.enabled", "false");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        context = new JavaSparkContext(SparkContext.getOrCreate(conf));
        Runtime.getRuntime().addShutdownHook(new Thread(SparkContexts::stop, "spark-stop"));
        return context;
    }

    /** Stops the context (tests; the shutdown hook). */
    static synchronized void stop() {
        if (context != null) {
            context.stop();
            context = null;
        }
    }
}
