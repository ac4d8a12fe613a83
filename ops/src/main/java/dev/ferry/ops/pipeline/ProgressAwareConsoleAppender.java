package dev.ferry.ops.pipeline;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;

/**
 * The console appender of {@code logback.xml}: while {@code ferry run} redraws its progress block
 * on a terminal, a log line would land inside the block and the next redraw would overwrite it (or
 * leave the block torn). So while a {@link ProgressView.Printer} draws on a terminal, each log line
 * goes through it: the block is cleared, the line printed, the block drawn again below it. Without
 * a terminal printer, this is logback's console appender.
 */
public final class ProgressAwareConsoleAppender extends ConsoleAppender<ILoggingEvent> {

    @Override
    protected void subAppend(ILoggingEvent event) {
        ProgressView.Printer printer = ProgressView.Printer.onTerminal();
        if (printer == null || !isStarted()) {
            super.subAppend(event);
            return;
        }
        printer.logLine(new String(getEncoder().encode(event), java.nio.charset.StandardCharsets.UTF_8));
    }
}
