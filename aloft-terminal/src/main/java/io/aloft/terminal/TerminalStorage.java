package io.aloft.terminal;

import io.aloft.terminal.cabin.CabinStore;
import io.aloft.terminal.journal.Journal;
import io.aloft.terminal.sale.RequestStore;
import io.aloft.terminal.trust.BundleStore;
import io.aloft.terminal.upload.UploadLog;

/**
 * Everything a terminal keeps on the device, behind five narrow interfaces. The JVM
 * implementation is {@link io.aloft.terminal.sqlite.SqliteStorage}; an Android app can implement
 * the same interfaces over its platform SQLite binding without touching the rules.
 */
public interface TerminalStorage extends AutoCloseable {
  Journal journal();

  BundleStore bundles();

  RequestStore requests();

  UploadLog uploads();

  CabinStore cabin();

  @Override
  void close();
}
