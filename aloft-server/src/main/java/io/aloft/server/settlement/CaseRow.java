package io.aloft.server.settlement;

/**
 * One case as lists show it. {@code paymentId} is the credential's serial alone for a double spend
 * (one case per credential); {@code evidence} counts the acceptances added to a double spend or
 * replay case as uploads showed them, whoever uploaded first (rows of {@code case_evidence}).
 */
public record CaseRow(long id, String kind, String status, String paymentId, long refundSequence, long flightId,
    Long terminalId, String detail, String createdAt, String authorization, String request, String receipt,
    String note, long evidence) {}
