package io.aloft.server.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.aloft.protocol.crypto.SignatureAlgorithm;
import io.aloft.protocol.crypto.Signer;
import io.aloft.protocol.crypto.SoftwareSigner;
import io.aloft.protocol.money.CurrencyUnit;
import io.aloft.server.SharedPostgres;
import io.aloft.server.airline.Airline;
import io.aloft.server.airline.Airlines;
import io.aloft.server.airline.Terminal;
import io.aloft.server.airline.Terminals;
import io.aloft.server.audit.AuditLog;
import io.aloft.server.db.Database;
import io.aloft.server.http.ApiProblem;
import io.aloft.server.http.Authenticator;
import io.aloft.server.http.HttpLimits;
import io.aloft.server.http.RateLimits;
import io.aloft.server.http.Secrets;
import io.aloft.server.issuer.IssuerKeyRing;
import io.aloft.server.ledger.AccountKey;
import io.aloft.server.ledger.AccountKind;
import io.aloft.server.ledger.Entry;
import io.aloft.server.ledger.EntryKind;
import io.aloft.server.ledger.Ledger;
import io.aloft.server.ledger.LedgerEntries;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The stores behind the console's terminals, ledger and console-user pages, on a real embedded
 * PostgreSQL: passwords verify only as set and are stored only as Argon2id; a disabled user is
 * refused and signed out; an airline cannot revoke another airline's terminal; entries page
 * newest first with their postings; refused passwords count against the address like keys.
 */
class ConsoleOpsStoresTest {
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final CurrencyUnit CNY = CurrencyUnit.of("CNY");
  private static Database database;
  private static Airlines airlines;
  private static Terminals terminals;
  private static ConsoleUsers users;
  private static ConsoleSessions sessions;
  private static Airline first;
  private static Airline second;

  @BeforeAll
  static void open() {
    database = Database.open(SharedPostgres.freshDatabase(), null, null, new SimpleMeterRegistry());
    Clock clock = Clock.systemUTC();
    airlines = new Airlines(database, clock, RANDOM);
    Map<Integer, Signer> keys = Map.of(1, SoftwareSigner.generate(SignatureAlgorithm.ED25519, RANDOM));
    terminals = new Terminals(database, new AuditLog(database, clock), IssuerKeyRing.signingWithNewest(keys), clock,
        Duration.ofDays(30));
    users = new ConsoleUsers(database, clock, RANDOM);
    sessions = new ConsoleSessions(database, clock, RANDOM);
    first = airlines.create("CA", "Air China", CNY).orElseThrow().airline();
    second = airlines.create("MU", "China Eastern", CNY).orElseThrow().airline();
  }

  @AfterAll
  static void close() {
    database.close();
  }

  private static ConsoleUsers.User created(ConsoleUsers.Creation creation) {
    assertThat(creation).isInstanceOf(ConsoleUsers.Creation.Created.class);
    return ((ConsoleUsers.Creation.Created) creation).user();
  }

  private static String storedHash(String username) {
    return database.inTransaction(connection -> {
      try (var select = connection.prepareStatement("SELECT password_hash FROM console_users WHERE username = ?")) {
        select.setString(1, username);
        try (var row = select.executeQuery()) {
          row.next();
          return row.getString(1);
        }
      }
    });
  }

  @Test
  void aPassword_verifiesAsSet_andAWrongOneOrUnknownUserIsRefused() {
    ConsoleUsers.User alice = created(users.create(first.id(), "alice", Optional.of("correct horse battery"), "admin",
        "form-alice-0123456789"));

    assertThat(users.verify("alice", "correct horse battery")).map(ConsoleUsers.User::airlineId).contains(first.id());
    assertThat(users.verify("alice", "correct horse batterY")).isEmpty();
    assertThat(users.verify("alice", "")).isEmpty();
    assertThat(users.verify("nobody", "correct horse battery")).isEmpty();
    String stored = storedHash("alice");
    assertThat(stored).startsWith("$argon2id$v=19$m=19456,t=2,p=1$").doesNotContain("correct");
    assertThat(alice.createdBy()).isEqualTo("admin");
  }

  @Test
  void theSamePassword_getsAnotherSalt_andAMalformedStoredHashNeverVerifies() {
    created(users.create(first.id(), "same1", Optional.of("the very same secret"), "admin", "form-same1-0123456789"));
    created(users.create(first.id(), "same2", Optional.of("the very same secret"), "admin", "form-same2-0123456789"));
    assertThat(storedHash("same1")).isNotEqualTo(storedHash("same2"));
    assertThat(PasswordHashes.verify("the very same secret", "$argon2id$v=19$m=1,t=1,p=1$AAAA$BBBB")).isFalse();
    assertThat(PasswordHashes.verify("the very same secret", "plain text")).isFalse();
  }

  @Test
  void aGeneratedPassword_isLong_andVerifies() {
    ConsoleUsers.Creation creation = users.create(second.id(), "gen.user", Optional.empty(), "admin",
        "form-gen-0123456789");
    String password = ((ConsoleUsers.Creation.Created) creation).password();
    assertThat(password).hasSize(ConsoleUsers.GENERATED_PASSWORD_LENGTH);
    assertThat(users.verify("gen.user", password)).map(ConsoleUsers.User::airlineId).contains(second.id());
  }

  @Test
  void aDisabledUser_isRefused_andItsSessionsEnd() {
    ConsoleUsers.User bob = created(users.create(first.id(), "bob", Optional.of("bob's long password"), "admin",
        "form-bob-0123456789"));
    String token = sessions.open(users.verify("bob", "bob's long password").orElseThrow());
    String keySession = sessions.open(new io.aloft.server.http.Principal.Merchant(first.id()));
    assertThat(sessions.find(token)).map(ConsoleSessions.Session::username).contains(Optional.of("bob"));

    ConsoleUsers.User disabled = users.disable(bob.id()).orElseThrow();

    assertThat(disabled.disabled()).isTrue();
    assertThat(users.verify("bob", "bob's long password")).isEmpty();
    assertThat(sessions.find(token)).as("the disabled user's session ended").isEmpty();
    assertThat(sessions.find(keySession)).as("the airline's key session goes on").isPresent();
    assertThat(users.disable(bob.id()).orElseThrow().disabledAt()).as("the first time is kept")
        .isEqualTo(disabled.disabledAt());
  }

  @Test
  void changingAPassword_needsTheCurrentOne_andEndsTheUsersOtherSessionsOnly() {
    created(users.create(first.id(), "frank", Optional.of("frank's first password"), "admin",
        "form-frank-0123456789"));
    String here = sessions.open(users.verify("frank", "frank's first password").orElseThrow());
    String elsewhere = sessions.open(users.verify("frank", "frank's first password").orElseThrow());

    assertThat(users.changePassword("frank", "not frank's password", "frank's second password", here))
        .isEqualTo(ConsoleUsers.PasswordChange.WRONG_PASSWORD);
    assertThat(users.verify("frank", "frank's first password")).as("a refused change changes nothing").isPresent();
    assertThat(sessions.find(elsewhere)).isPresent();

    assertThat(users.changePassword("frank", "frank's first password", "frank's second password", here))
        .isEqualTo(ConsoleUsers.PasswordChange.CHANGED);
    assertThat(users.verify("frank", "frank's first password")).isEmpty();
    assertThat(users.verify("frank", "frank's second password")).isPresent();
    assertThat(sessions.find(here)).as("the session that changed it goes on").isPresent();
    assertThat(sessions.find(elsewhere)).as("another session of the user ends").isEmpty();
  }

  @Test
  void aFormSentTwice_createsOneUser_andATakenUsernameIsRefused() {
    ConsoleUsers.User carol = created(users.create(first.id(), "carol", Optional.empty(), "admin",
        "form-carol-0123456789"));
    ConsoleUsers.Creation again = users.create(first.id(), "carol", Optional.empty(), "admin", "form-carol-0123456789");
    assertThat(again).isEqualTo(new ConsoleUsers.Creation.AlreadyCreated(carol));
    assertThat(users.create(second.id(), "carol", Optional.empty(), "admin", "form-carol-other-0123"))
        .isInstanceOf(ConsoleUsers.Creation.UsernameTaken.class);
    assertThat(users.list(Optional.of(first.id()))).extracting(ConsoleUsers.User::username).containsOnlyOnce("carol");
  }

  @Test
  void badUsernamesAndShortPasswords_areCallerBugs() {
    assertThatThrownBy(() -> users.create(first.id(), "Al", Optional.empty(), "admin", "form-x-0123456789"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> users.create(first.id(), "dave", Optional.of("short"), "admin", "form-y-0123456789"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusedPasswords_countAgainstTheAddress_likeRefusedKeys() {
    created(users.create(first.id(), "erin", Optional.of("erin's long password"), "admin", "form-erin-0123456789"));
    RateLimits limits = new RateLimits(HttpLimits.defaults().withAuthenticationFailures(HttpLimits.Rate.perMinute(3)));
    Authenticator authenticator = new Authenticator(Secrets.hash("admin"), database, terminals, Clock.systemUTC(),
        limits);
    for (int i = 0; i < 3; i++) {
      String guess = "guess number " + i;
      assertThat(authenticator.limitedAttempt("192.0.2.7", () -> users.verify("erin", guess))).isEmpty();
    }
    assertThatThrownBy(() -> authenticator.limitedAttempt("192.0.2.7", () -> users.verify("erin",
        "erin's long password"))).isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.status()).isEqualTo(429));
    assertThat(authenticator.limitedAttempt("192.0.2.8", () -> users.verify("erin", "erin's long password")))
        .as("another address is not blocked").isPresent();
  }

  @Test
  void anAirline_cannotRevokeAnotherAirlinesTerminal_butItsOwnOnce_auditedOnce() {
    Terminal terminal = ((Terminals.Registration.Registered) terminals.register(first,
        SoftwareSigner.generate(SignatureAlgorithm.ED25519, RANDOM).publicKey(), "Galley 1")).terminal();
    String subject = "terminal:" + terminal.id();

    assertThat(terminals.revoke(terminal.id(), Optional.of(second.id()), "airline:" + second.id(), "req-other"))
        .isInstanceOf(Terminals.Revocation.NotFound.class);
    assertThat(terminals.find(terminal.id()).orElseThrow().revokedAt()).as("still active").isEmpty();
    assertThat(terminals.revoke(999_999, Optional.of(first.id()), "airline:" + first.id(), "req-missing"))
        .isInstanceOf(Terminals.Revocation.NotFound.class);

    Terminals.Revocation revoked = terminals.revoke(terminal.id(), Optional.of(first.id()), "airline:" + first.id(),
        "req-own");
    assertThat(revoked).isInstanceOfSatisfying(Terminals.Revocation.Revoked.class, r -> {
      assertThat(r.already()).isFalse();
      assertThat(r.terminal().revokedAt()).isPresent();
    });
    Terminals.Revocation again = terminals.revoke(terminal.id(), Optional.empty(), "admin", "req-again");
    assertThat(again).isInstanceOfSatisfying(Terminals.Revocation.Revoked.class, r -> {
      assertThat(r.already()).isTrue();
      assertThat(r.terminal().revokedAt()).isEqualTo(((Terminals.Revocation.Revoked) revoked).terminal().revokedAt());
    });
    List<AuditLog.Event> events = new AuditLog(database, Clock.systemUTC()).newest(500, Optional.empty()).stream()
        .filter(event -> event.subject().equals(subject)).toList();
    assertThat(events).singleElement().satisfies(event -> {
      assertThat(event.action()).isEqualTo("terminal.revoke");
      assertThat(event.actor()).isEqualTo("airline:" + first.id());
      assertThat(event.requestId()).isEqualTo("req-own");
      assertThat(event.detail()).contains(terminal.keyFingerprint());
    });
    assertThat(terminal.keyFingerprint()).matches("([0-9a-f]{4} ){7}[0-9a-f]{4}");
  }

  @Test
  void entries_pageNewestFirst_withTheirBalancedPostings_andFilter() {
    Ledger ledger = new Ledger(database);
    List<Entry> posted = new ArrayList<>();
    for (int owner = 1; owner <= 30; owner++) {
      posted.add(new Entry.Builder().debit(AccountKey.provider(AccountKind.FUNDING, CNY), 100L * owner)
          .credit(AccountKey.payer(owner, CNY), 100L * owner).build(EntryKind.TOP_UP, owner, Optional.empty(), 0));
    }
    long[] ids = database.inTransaction(connection -> ledger.post(connection, posted, java.time.Instant.now()));
    LedgerEntries entries = new LedgerEntries(database);

    LedgerEntries.EntryPage page = entries.page(LedgerEntries.Filter.none(), Optional.empty(), 25);
    assertThat(page.entries()).hasSize(25);
    assertThat(page.hasMore()).isTrue();
    assertThat(page.entries().get(0).id()).isEqualTo(ids[29]);
    assertThat(page.entries()).allMatch(LedgerEntries.EntryLine::balanced)
        .allMatch(entry -> entry.postings().size() == 2);
    LedgerEntries.EntryPage rest = entries.page(LedgerEntries.Filter.none(),
        Optional.of(page.entries().get(24).id()), 25);
    assertThat(rest.entries()).hasSize(5);
    assertThat(rest.hasMore()).isFalse();

    LedgerEntries.EntryPage ofSeven = entries.page(new LedgerEntries.Filter(Optional.of(EntryKind.TOP_UP),
        Optional.of(AccountKind.PAYER), Optional.of(7L)), Optional.empty(), 25);
    assertThat(ofSeven.entries()).singleElement().satisfies(entry -> {
      assertThat(entry.accountId()).isEqualTo(7);
      assertThat(entry.postings()).containsExactly(new LedgerEntries.PostingLine("funding", 0, "CNY", 700),
          new LedgerEntries.PostingLine("payer", 7, "CNY", -700));
    });
    assertThat(entries.page(new LedgerEntries.Filter(Optional.of(EntryKind.REFUND), Optional.empty(),
        Optional.empty()), Optional.empty(), 25).entries()).isEmpty();
    assertThat(ledger.check().balanced()).isTrue();
  }

  @Test
  void anAirlinesAuditView_includesItsConsoleUsers_butNotAnotherAirlines() {
    AuditLog audit = new AuditLog(database, Clock.systemUTC());
    audit.record("airline:1/user:alice", "console.login", "console", "test", "r1");
    audit.record("airline:10/user:zed", "console.login", "console", "test", "r2");
    audit.record("airline:1", "console.login", "console", "test", "r3");
    assertThat(audit.newest(100, Optional.of("airline:1"))).extracting(AuditLog.Event::requestId)
        .contains("r1", "r3").doesNotContain("r2");
  }

  @ParameterizedTest
  @EnumSource(Language.class)
  void everyEntryKindAccountKindAndNewAuditAction_hasWords(Language language) {
    for (EntryKind kind : EntryKind.values()) {
      assertThat(language.text("ledger.entryKind." + kind.wireName())).doesNotStartWith(Language.MISSING_MARK);
    }
    for (AccountKind kind : AccountKind.values()) {
      assertThat(language.text("ledger.accountKind." + kind.wireName())).doesNotStartWith(Language.MISSING_MARK);
    }
    for (String action : List.of("terminal.revoke", "console-user.create", "console-user.disable")) {
      assertThat(language.text("action." + action)).doesNotStartWith(Language.MISSING_MARK);
    }
  }
}
