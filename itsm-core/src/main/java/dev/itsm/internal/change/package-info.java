/** Change management: the change service, the change aggregate, its risk inputs and the change gate of the CMDB. */
package dev.itsm.internal.change;
