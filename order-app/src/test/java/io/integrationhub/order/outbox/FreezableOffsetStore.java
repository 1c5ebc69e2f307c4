package io.integrationhub.order.outbox;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.apache.kafka.connect.util.Callback;

import io.debezium.storage.jdbc.offset.JdbcOffsetBackingStore;

/**
 * The log-tailing relay's real offset store (in PostgreSQL), which a test can freeze: while frozen every flush fails,
 * as if the process had died before it — the broker has the rows, the stored offset and the slot do not know.
 */
public class FreezableOffsetStore extends JdbcOffsetBackingStore {

    static volatile boolean frozen;

    @Override
    public Future<Void> set(Map<ByteBuffer, ByteBuffer> values, Callback<Void> callback) {
        if (frozen) {
            IllegalStateException crashed = new IllegalStateException("test: offsets frozen (a crash before the flush)");
            if (callback != null) {
                callback.onCompletion(crashed, null);
            }
            return CompletableFuture.failedFuture(crashed);
        }
        return super.set(values, callback);
    }
}
