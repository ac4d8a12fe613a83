package dev.ferry.transform;

import dev.ferry.schemas.registry.SchemaRegistryUnavailableException;
import java.util.Map;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.LogAndContinueProcessingExceptionHandler;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The transform's last line for exceptions that escape the mapping processor. An unavailable schema
 * registry fails the task, so that the record is processed again (exactly once: its transaction is
 * aborted) instead of being skipped; anything else is logged and skipped, never stopping the stage.
 */
public final class RegistryOutageHandler implements ProcessingExceptionHandler {

    private final LogAndContinueProcessingExceptionHandler otherwise = new LogAndContinueProcessingExceptionHandler();

    @Override
    public ProcessingHandlerResponse handle(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (SchemaRegistryUnavailableException.isCauseOf(exception)) {
            return ProcessingHandlerResponse.FAIL;
        }
        return otherwise.handle(context, record, exception);
    }

    @Override
    public void configure(Map<String, ?> configs) {
        otherwise.configure(configs);
    }
}
