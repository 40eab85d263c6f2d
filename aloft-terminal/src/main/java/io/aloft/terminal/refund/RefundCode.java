package io.aloft.terminal.refund;

import io.aloft.protocol.message.RefundNote;

/** A journaled refund note and the text to show in its QR code, for the passenger to keep. */
public record RefundCode(RefundNote note, long journalSequence, String qrText) {}
