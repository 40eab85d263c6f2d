package io.aloft.cli.wallet;

import io.aloft.cli.device.IssuerKeyView;
import java.util.List;

/**
 * What {@code aloft wallet init} stores in {@code wallet.json}: the account and how the wallet
 * reaches the server. The wallet token is the account's secret; the file is mode 600.
 */
public record WalletProfile(String server, long accountId, List<IssuerKeyView> issuerKeys, String walletToken) {
  public static final String FILE = "wallet.json";
}
