/** Internal: model contracts and deployment (shipped versus overridden models). */
package dev.itsm.internal.model;
