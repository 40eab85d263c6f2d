package io.aloft.server.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.Bytes;
import io.aloft.protocol.message.CredentialSerial;
import io.aloft.protocol.message.PaymentId;
import io.aloft.protocol.money.CurrencyUnit;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EntryTest {
  private static final CurrencyUnit CNY = CurrencyUnit.of("CNY");
  private static final CurrencyUnit EUR = CurrencyUnit.of("EUR");
  private static final AccountKey MERCHANT = AccountKey.merchant(7, CNY);
  private static final AccountKey FEES = AccountKey.provider(AccountKind.FEE_INCOME, CNY);

  private static Entry payment(long accountId, long counter, long chargeMinor, long feeMinor) {
    return new Entry.Builder().debit(AccountKey.payer(accountId, CNY), chargeMinor)
        .credit(MERCHANT, chargeMinor - feeMinor).credit(FEES, feeMinor)
        .build(EntryKind.PAYMENT, accountId, Optional.of(new PaymentId(serial(accountId), counter)), 0);
  }

  private static CredentialSerial serial(long accountId) {
    byte[] bytes = new byte[CredentialSerial.LENGTH];
    bytes[0] = (byte) accountId;
    return new CredentialSerial(Bytes.of(bytes));
  }

  private static long amountOf(Entry entry, AccountKey account) {
    return entry.postings().stream().filter(p -> p.account().equals(account)).mapToLong(Posting::amountMinor).sum();
  }

  @Test
  void anEntryThatDoesNotBalanceInEachCurrency_isRefused() {
    assertThatThrownBy(() -> new Entry.Builder().debit(AccountKey.payer(1, CNY), 100).credit(MERCHANT, 99)
        .build(EntryKind.PAYMENT, 1, Optional.empty(), 0)).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("CNY sums to 1");
    assertThatThrownBy(() -> new Entry.Builder().debit(AccountKey.payer(1, EUR), 100).credit(MERCHANT, 100)
        .build(EntryKind.PAYMENT, 1, Optional.empty(), 0)).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void theSumOfAnUploadsPayments_hasOneLinePerAccount_addingUpEveryPayment() {
    Entry sum = Entry.sumOf(List.of(payment(1, 1, 2_800, 17), payment(2, 1, 4_200, 25), payment(1, 2, 1_500, 9)));

    assertThat(sum.kind()).isEqualTo(EntryKind.PAYMENT);
    assertThat(sum.postings()).hasSize(4);
    assertThat(amountOf(sum, AccountKey.payer(1, CNY))).isEqualTo(4_300);
    assertThat(amountOf(sum, AccountKey.payer(2, CNY))).isEqualTo(4_200);
    assertThat(amountOf(sum, MERCHANT)).isEqualTo(-(8_500 - 51));
    assertThat(amountOf(sum, FEES)).isEqualTo(-51);
    assertThat(sum.accountId()).as("several payers").isZero();
    assertThat(sum.paymentId()).as("the payments table names them").isEmpty();
  }

  @Test
  void oneAccountsPayments_keepTheirAccount_andASingleEntryIsKeptAsItIs() {
    assertThat(Entry.sumOf(List.of(payment(3, 1, 100, 1), payment(3, 2, 200, 1))).accountId()).isEqualTo(3);
    Entry single = payment(4, 9, 500, 3);
    assertThat(Entry.sumOf(List.of(single))).isSameAs(single);
  }

  @Test
  void linesThatCancelOut_areDropped() {
    AccountKey payer = AccountKey.payer(5, CNY);
    Entry out = new Entry.Builder().debit(payer, 300).credit(MERCHANT, 300).build(EntryKind.CORRECTION, 5,
        Optional.empty(), 0);
    Entry back = new Entry.Builder().debit(MERCHANT, 300).credit(FEES, 300).build(EntryKind.CORRECTION, 5,
        Optional.empty(), 0);

    Entry sum = Entry.sumOf(List.of(out, back));

    assertThat(sum.postings()).containsExactly(Posting.debit(payer, 300), Posting.credit(FEES, 300));
  }

  @Test
  void entriesOfDifferentKinds_orNone_areNotSummed() {
    Entry refund = new Entry.Builder().debit(MERCHANT, 100).credit(AccountKey.payer(1, CNY), 100)
        .build(EntryKind.REFUND, 1, Optional.empty(), 1);
    assertThatThrownBy(() -> Entry.sumOf(List.of(payment(1, 1, 100, 1), refund)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one kind");
    assertThatThrownBy(() -> Entry.sumOf(List.of())).isInstanceOf(IllegalArgumentException.class);
  }
}
