package com.gitbridge;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.assignableTo;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.Set;

import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

import com.gitbridge.provider.Credential;
import com.gitbridge.provider.ProviderFamily;
import com.gitbridge.provider.ProviderType;
import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

class ModularityTests {

    private static final JavaClasses APP = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("com.gitbridge");
    private static final String PROVIDER = "com.gitbridge.provider..";
    private static final String[] HOST_AGNOSTIC = {"com.gitbridge.indexing..", "com.gitbridge.issue.."};
    /** What indexing may do with a host type it stores: read it back from its name and hand it to the provider. */
    private static final Set<String> PASSING_THROUGH = Set.of("valueOf", "name");

    @Test
    void featurePackagesOnlyUseEachOthersPublicApi() {
        ApplicationModules.of(GitBridgeApplication.class).verify();
    }

    @Test
    void onlyHostAdaptersAuthenticateGitTransports() {
        noClasses().that().resideOutsideOfPackage(PROVIDER)
                .should().dependOnClassesThat(assignableTo(CredentialsProvider.class))
                .orShould().dependOnClassesThat(assignableTo(TransportConfigCallback.class))
                .check(APP);
    }

    @Test
    void hostSdksStayInTheirAdapter() {
        sdkOnlyIn("org.kohsuke.github..", "com.gitbridge.provider.github..");
        sdkOnlyIn("org.gitlab4j..", "com.gitbridge.provider.gitlab..");
        sdkOnlyIn("software.amazon.awssdk..", "com.gitbridge.provider.codecommit..");
    }

    @Test
    void hostAdaptersDoNotUseEachOther() {
        slices().matching("com.gitbridge.provider.(*)..").should().notDependOnEachOther().check(APP);
        noClasses().that().resideInAPackage("com.gitbridge.provider")
                .should().dependOnClassesThat().resideInAnyPackage("com.gitbridge.provider.github..",
                        "com.gitbridge.provider.gitlab..", "com.gitbridge.provider.azure..",
                        "com.gitbridge.provider.codecommit..")
                .check(APP);
    }

    @Test
    void indexingAndIssueActionsNeverHoldACredential() {
        noClasses().that().resideInAnyPackage(HOST_AGNOSTIC)
                .should().dependOnClassesThat().belongToAnyOf(Credential.class)
                .check(APP);
    }

    @Test
    void issueActionsDoNotKnowHostTypes() {
        noClasses().that().resideInAPackage("com.gitbridge.issue..")
                .should().dependOnClassesThat().belongToAnyOf(ProviderType.class, ProviderFamily.class)
                .check(APP);
    }

    /**
     * Indexing stores each repository's host type and hands it back to the provider package for links; it never
     * names a type, asks its family or switches on it (a switch reads the constants and their ordinals).
     */
    @Test
    void indexingNeverLooksAtAHostType() {
        noClasses().that().resideInAPackage("com.gitbridge.indexing..")
                .should().accessTargetWhere(lookingAtAHostType())
                .orShould().dependOnClassesThat().belongToAnyOf(ProviderFamily.class)
                .check(APP);
    }

    private static DescribedPredicate<JavaAccess<?>> lookingAtAHostType() {
        return DescribedPredicate.describe("a constant or method of ProviderType other than " + PASSING_THROUGH,
                access -> access.getTargetOwner().isEquivalentTo(ProviderType.class)
                        && !PASSING_THROUGH.contains(access.getName()));
    }

    private static void sdkOnlyIn(String sdk, String adapter) {
        noClasses().that().resideOutsideOfPackage(adapter)
                .should().dependOnClassesThat().resideInAPackage(sdk)
                .check(APP);
    }
}
