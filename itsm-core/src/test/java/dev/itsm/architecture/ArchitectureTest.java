package dev.itsm.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.itsm.api.ItsmEngineBuilder;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Keeps the public API (api, spi, testkit) separate from the internals. */
class ArchitectureTest {
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.itsm");

  @Test
  void apiAndSpiDoNotDependOnInternalsExceptTheBuilderThatStartsThem() {
    noClasses().that().resideInAnyPackage("dev.itsm.api..", "dev.itsm.spi..")
        .and().doNotHaveFullyQualifiedName(ItsmEngineBuilder.class.getName())
        .should().dependOnClassesThat().resideInAPackage("dev.itsm.internal..")
        .check(CLASSES);
  }

  @Test
  void theBuildersPublicSignaturesUseNoInternalType() {
    for (Method method : ItsmEngineBuilder.class.getDeclaredMethods()) {
      if (!Modifier.isPublic(method.getModifiers())) {
        continue;
      }
      Stream.concat(Stream.of(method.getReturnType()), Arrays.stream(method.getParameterTypes()))
          .forEach(type -> assertThat(type.getName()).as(method.toString()).doesNotStartWith("dev.itsm.internal"));
    }
  }

  @Test
  void internalsDoNotDependOnTheTestKit() {
    noClasses().that().resideInAPackage("dev.itsm.internal..")
        .should().dependOnClassesThat().resideInAPackage("dev.itsm.testkit..")
        .check(CLASSES);
  }

  @Test
  void theApiUsesNoOperatonInternalsButThePluginInterfaceOfAttachMode() {
    noClasses().that().resideInAnyPackage("dev.itsm.api..", "dev.itsm.spi..")
        .and().doNotHaveSimpleName("ItsmProcessEnginePlugin")
        .should().dependOnClassesThat().resideInAPackage("org.operaton.bpm.engine.impl..")
        .check(CLASSES);
  }

  @Test
  void theTestKitIsNotUsedByTheApi() {
    noClasses().that().resideInAnyPackage("dev.itsm.api..", "dev.itsm.spi..")
        .should().dependOnClassesThat().resideInAPackage("dev.itsm.testkit..")
        .check(CLASSES);
  }
}
