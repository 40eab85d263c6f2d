package io.aloft.server.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

/**
 * The walls between the server's packages: no two of them import each other in a circle, and what
 * a context keeps in its {@code internal} package is seen from that context alone. The console's
 * compiled templates are imported too, so a template cannot reach into an internal package either.
 * Which package may name which table in SQL is {@link TableOwnershipTest}'s to check.
 */
@AnalyzeClasses(packages = {"io.aloft.server", "gg.jte.generated"},
    importOptions = {ImportOption.DoNotIncludeTests.class, ImportOption.DoNotIncludeJars.class})
class ArchitectureTest {
  @ArchTest
  static final ArchRule packagesAreFreeOfCycles = slices().matching("io.aloft.server.(*)..")
      .as("the server's packages").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule internalsAreSeenFromTheirOwnContextOnly = classes()
      .that().resideInAPackage("io.aloft.server..internal..")
      .should(beAccessedFromTheirOwnContextOnly());

  /** The context of an internal class is the package that holds its {@code internal} package. */
  private static ArchCondition<JavaClass> beAccessedFromTheirOwnContextOnly() {
    return new ArchCondition<>("be accessed from their own context only") {
      @Override
      public void check(JavaClass internal, ConditionEvents events) {
        String packageName = internal.getPackageName();
        String context = packageName.substring(0, packageName.indexOf(".internal"));
        for (Dependency dependency : internal.getDirectDependenciesToSelf()) {
          String origin = dependency.getOriginClass().getPackageName();
          if (!origin.equals(context) && !origin.startsWith(context + ".")) {
            events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
          }
        }
      }
    };
  }
}
