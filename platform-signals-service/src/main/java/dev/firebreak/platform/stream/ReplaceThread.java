package dev.firebreak.platform.stream;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

/**
 * What happens to a stream thread that dies of an exception no handler caught (quarkus-kafka-streams installs this
 * bean): a new thread takes its place and resumes from the last commit. Kafka Streams' default is to shut the client
 * down, after which this instance detects nothing for any tenant until it is restarted.
 */
@ApplicationScoped
public class ReplaceThread implements StreamsUncaughtExceptionHandler {

    private static final Logger LOG = Logger.getLogger(ReplaceThread.class);

    @Override
    public StreamThreadExceptionResponse handle(Throwable exception) {
        Throwable cause = exception.getCause() == null ? exception : exception.getCause();
        LOG.errorf("a stream thread failed (%s, thrown at %s); it is replaced", cause.getClass().getSimpleName(),
                DeadLetteringHandler.where(cause));
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
