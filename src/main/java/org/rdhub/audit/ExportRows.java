package org.rdhub.audit;

import java.util.function.Consumer;

/** The rows of an export, read when the reply is written (the permission was checked when it was made). */
@FunctionalInterface
public interface ExportRows<T> {
    void forEach(Consumer<? super T> row);
}
