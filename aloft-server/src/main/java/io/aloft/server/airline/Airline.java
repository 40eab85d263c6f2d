package io.aloft.server.airline;

import io.aloft.protocol.money.CurrencyUnit;
import java.time.Instant;

/** A merchant that sells on board. Its id is the merchant id in terminal certificates. */
public record Airline(long id, Instant createdAt, String code, String name, CurrencyUnit currency) {}
