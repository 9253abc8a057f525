package dev.focusnfix.core.services;

import dev.focusnfix.api.services.ProgressReporter;
import dev.focusnfix.api.services.ProgressTask;
import java.time.Duration;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A progress bar with ETA on an interactive terminal; plain log lines (about every tenth of the work, and at most
 * every few seconds) when the output goes to a file or CI.
 */
public final class ConsoleProgressReporter implements ProgressReporter {

    private static final Logger LOG = LoggerFactory.getLogger("progress");
    private static final long LOG_INTERVAL_NANOS = Duration.ofSeconds(5).toNanos();

    private final boolean interactive;

    /** Detects whether standard output is a terminal. */
    public ConsoleProgressReporter() {
        this(System.console() != null && !"true".equals(System.getenv("CI")));
    }

    /** A reporter forced into one mode. */
    public ConsoleProgressReporter(boolean interactive) {
        this.interactive = interactive;
    }

    @Override
    public ProgressTask start(String name, long total) {
        if (interactive) {
            ProgressBar bar = new ProgressBarBuilder()
                    .setTaskName(name)
                    .setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(250)
                    .continuousUpdate()
                    .build();
            return new ProgressTask() {
                @Override
                public void step(long done, String message) {
                    bar.stepTo(done);
                    bar.setExtraMessage(message == null ? "" : message);
                }

                @Override
                public void close() {
                    bar.close();
                }
            };
        }
        return new LoggingTask(name, total);
    }

    private static final class LoggingTask implements ProgressTask {
        private final String name;
        private final long total;
        private final long started = System.nanoTime();
        private long lastLogged = Long.MIN_VALUE;
        private long lastDone;

        LoggingTask(String name, long total) {
            this.name = name;
            this.total = total;
            LOG.info("{}: started ({} steps)", name, total);
        }

        @Override
        public void step(long done, String message) {
            long now = System.nanoTime();
            boolean tenth = total > 0 && (done * 10 / total) != (lastDone * 10 / total);
            lastDone = done;
            if (done == total || tenth || now - lastLogged > LOG_INTERVAL_NANOS) {
                lastLogged = now;
                double elapsed = (now - started) / 1e9;
                double eta = done > 0 ? elapsed / done * (total - done) : Double.NaN;
                LOG.info(
                        "{}: {}/{} {} (elapsed {}s, eta {}s)",
                        name,
                        done,
                        total,
                        message == null ? "" : message,
                        Math.round(elapsed),
                        Double.isNaN(eta) ? "?" : Math.round(eta));
            }
        }

        @Override
        public void close() {
            LOG.info("{}: done in {}s", name, Math.round((System.nanoTime() - started) / 1e9));
        }
    }
}
