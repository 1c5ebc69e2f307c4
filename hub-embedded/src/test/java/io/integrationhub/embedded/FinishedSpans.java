package io.integrationhub.embedded;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * The spans the system ended, as they would be exported: a SpanProcessor bean, which Boot adds to the tracer
 * provider beside its exporting processor. Bounded: the system tests of one context end many thousands of spans.
 */
class FinishedSpans implements SpanProcessor {

    private static final int KEPT = 50_000;

    private final ConcurrentLinkedDeque<SpanData> spans = new ConcurrentLinkedDeque<>();
    private final AtomicInteger size = new AtomicInteger();

    List<SpanData> ofTrace(String traceId) {
        return spans.stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
    }

    @Override
    public boolean isStartRequired() {
        return false;
    }

    @Override
    public void onEnd(ReadableSpan span) {
        spans.addLast(span.toSpanData());
        if (size.incrementAndGet() > KEPT) {
            spans.pollFirst();
            size.decrementAndGet();
        }
    }

    @Override
    public boolean isEndRequired() {
        return true;
    }
}
