/*
 * pwlist.c - the most common passwords of 8 characters or more (shorter
 * ones are refused by length already), from the published leak lists and
 * the usual Chinese ones, lower case; auth_check_password refuses them
 * whatever their case.  Sorted, for bsearch.
 */
#include "auth.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const common[] = {
	"00000000", "000000000", "0123456789", "11111111", "111111111", "1111111111", "11223344", "112233445566",
	"11235813", "123123123", "12321232", "12341234", "1234123412", "12345678", "123456789", "1234567890",
	"12345678910", "123456789a", "12345678a", "123456abc", "123456qwe", "12345qwert", "1234abcd", "1234qwer",
	"123654789", "123abc123", "123qweasd", "123qweasdzxc", "13141314", "1314520520", "147258369", "147852369",
	"159357456", "159753456", "1q2w3e4r", "1q2w3e4r5t", "1qaz2wsx", "1qaz2wsx3edc", "1qazxsw2", "22222222",
	"31415926", "321654987", "5201314520", "520520520", "55555555", "66666666", "741852963", "77777777",
	"87654321", "88888888", "987654321", "99999999", "a1234567", "a12345678", "a123456789", "a1b2c3d4",
	"aa123456", "aaaaaaaa", "abc12345", "abc123456", "abcd1234", "abcdefgh", "admin123", "admin1234",
	"admin2024", "admin2025", "admin2026", "admin888", "administrator", "asd123456", "asdasdasd", "asdf1234",
	"asdfasdf", "asdfghjk", "asdfghjkl", "baseball", "budget123", "changeme", "charlie1", "computer",
	"dragon123", "football", "iloveyou", "iloveyou1", "internet", "jennifer", "letmein1", "liu123456",
	"master123", "michelle", "monkey123", "p@ssw0rd", "p@ssword", "passw0rd", "password", "password!",
	"password01", "password1", "password12", "password123", "princess", "q1w2e3r4", "q1w2e3r4t5", "qazwsxedc",
	"qq123456", "qweasdzxc", "qwer1234", "qwerty12", "qwerty123", "qwertyui", "qwertyuiop", "root1234",
	"secret123", "shadow12", "starwars", "sunshine", "superman", "test1234", "trustno1", "wang123456",
	"welcome1", "welcome123", "whatever", "woaini1314", "woaini520", "zaq12wsx", "zhang123", "zhang123456",
	"zxcvbnm1", "zxcvbnm123",
};

static int cmp(const void *a, const void *b)
{
	return strcasecmp(*(const char *const *)a, *(const char *const *)b);
}

int auth_password_is_common(const char *pw)
{
	return bsearch(&pw, common, sizeof common / sizeof *common, sizeof *common, cmp) != NULL;
}

int auth_password_list_sorted(void)
{
	for (size_t i = 1; i < sizeof common / sizeof *common; i++)
		if (strcasecmp(common[i - 1], common[i]) >= 0)
			return 0;
	return 1;
}
