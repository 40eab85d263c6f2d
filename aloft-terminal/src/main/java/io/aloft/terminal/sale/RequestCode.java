package io.aloft.terminal.sale;

import io.aloft.protocol.message.PaymentRequest;

/** A signed payment request and the text to show in its QR code. */
public record RequestCode(PaymentRequest request, String qrText) {}
