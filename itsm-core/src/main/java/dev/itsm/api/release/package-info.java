/**
 * Release management: releases that bundle approved changes, built and tested (results reported by
 * people or external pipelines), approved at a go/no-go, deployed environment by environment inside
 * their windows with a verification each, rolled back in reverse order when a deployment or
 * verification fails, watched through early life support, and closed once their release notes are
 * published. The lifecycle runs as the {@code itsm-release} process model; see
 * {@link dev.itsm.api.process.ReleaseProcess}.
 */
package dev.itsm.api.release;
