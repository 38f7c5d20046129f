/*
 * aaa_msg.h — the messages the AAA commands print, in one table.
 * [R] reconstructed from ASA 7.x/8.x transcripts, [G] no source found:
 * recheck these against a real box before freezing more tests on them.
 */
#ifndef PIXIE_AAA_MSG_H
#define PIXIE_AAA_MSG_H

/* aaa-server NAME host ... before "aaa-server NAME protocol ..."      [G] */
#define AAA_MSG_NO_GROUP "ERROR: aaa-server group %s does not exist"
/* aaa-server NAME protocol X when NAME exists with another protocol   [G] */
#define AAA_MSG_PROTO_MISMATCH "ERROR: aaa-server group %s already exists with protocol %s"
/* aaa-server LOCAL protocol ...                                        [G] */
#define AAA_MSG_LOCAL_RESERVED "ERROR: LOCAL is a reserved server group name"
/* 16th group / 17th host                                               [G] */
#define AAA_MSG_MAX_GROUPS "ERROR: Maximum number of server groups (%d) reached"
#define AAA_MSG_MAX_HOSTS "ERROR: Maximum number of servers (%d) in group %s reached"
/* no aaa-server NAME while "aaa ... NAME" or a tunnel-group names it.
 * Ansible's asa terminal plugin matches "Removing.* not allowed, it is being used" [R] */
#define AAA_MSG_IN_USE "Removing aaa-server group %s not allowed, it is being used."
/* aaa authentication ... GROUP with an unknown GROUP                   [G] */
#define AAA_MSG_UNKNOWN_GROUP "ERROR: aaa-server group %s does not exist"
/* username NAME attributes for a NAME without a username line         [G] */
#define AAA_MSG_NO_USER "ERROR: User %s does not exist"
/* username NAME password P with P too short/long (3-32 in 7.2)         [G] */
#define AAA_MSG_PW_LENGTH "ERROR: Password length must be between 3 and 32 characters"

/* PIX 6 lines with a 7.x equivalent (named in the message)             */
#define AAA_MSG_PIX6_LOCAL                                                     \
	"ERROR: 'aaa-server LOCAL protocol local' is PIX 6 syntax; in PIX 7.2 "   \
	"the LOCAL database is built in: remove the line"
/* name, option, the line entering the group's sub-mode, new line, value */
#define AAA_MSG_PIX6_GROUP                                                     \
	"ERROR: 'aaa-server %s %s' is PIX 6 syntax; in PIX 7.2 enter '%s', "      \
	"then '%s%s' in its sub-mode"

#endif
