#!/bin/sh
# r53 reads ~/.aws/credentials and ~/.aws/config as the AWS CLI does: for each pair of files,
# `aws configure get KEY --profile P` (the real CLI, Debian's) and build/bin/aws-ini (r53's
# parser, client/ini.c) must agree: the same value, or both refusing the files, or both not
# finding the profile. Where r53 is stricter on purpose, the case says so and checks r53 alone.
. "$(dirname "$0")/../tools/lib.sh"

INI=$BUILD/bin/aws-ini
unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
export AWS_SHARED_CREDENTIALS_FILE=$TMP/credentials AWS_CONFIG_FILE=$TMP/config

# norm RC OUTPUT: "value:..." / "refused" / "no-profile"
norm() {
	case $1 in
	0 | 1) printf 'value:%s' "$2" ;;
	*) case $2 in *"could not be found"* | no-profile) echo no-profile ;; *) echo refused ;; esac ;;
	esac
}

# same NAME CREDENTIALS CONFIG PROFILE KEY: the files (printf %b text) read alike by both.
same() {
	printf '%b' "$2" > "$AWS_SHARED_CREDENTIALS_FILE"
	printf '%b' "$3" > "$AWS_CONFIG_FILE"
	a=$("$AWS" configure get "$5" --profile "$4" 2>&1)
	arc=$?
	r=$("$INI" "$AWS_SHARED_CREDENTIALS_FILE" "$AWS_CONFIG_FILE" "$4" "$5" 2>&1)
	rrc=$?
	check_eq "$1" "$(norm $arc "$a")" "$(norm $rrc "$r")"
}

# r53_only NAME CREDENTIALS CONFIG PROFILE KEY WANT: r53's answer (normalised) alone.
r53_only() {
	printf '%b' "$2" > "$AWS_SHARED_CREDENTIALS_FILE"
	printf '%b' "$3" > "$AWS_CONFIG_FILE"
	r=$("$INI" "$AWS_SHARED_CREDENTIALS_FILE" "$AWS_CONFIG_FILE" "$4" "$5" 2>&1)
	check_eq "$1" "$6" "$(norm $? "$r")"
}

K=aws_access_key_id
# --- sections: [x] in credentials, [profile x] / [default] in config -------------------------
same "credentials [x]" '[x]\naws_access_key_id = A1\n' '' x $K
same "credentials [profile x] is not x" '[profile x]\naws_access_key_id = A1\n' '' x $K
same "config [profile x]" '' '[profile x]\naws_access_key_id = A1\n' x $K
same "config [x] is not a profile" '' '[x]\naws_access_key_id = A1\n' x $K
same "config [default]" '' '[default]\naws_access_key_id = A1\n' default $K
same "config [profile default]" '' '[profile default]\naws_access_key_id = A1\n' default $K
same "config: the later of [default] / [profile default] wins" '' \
	'[default]\naws_access_key_id = A1\n[profile default]\naws_access_key_id = A2\n' default $K
same "config: ... either way round" '' \
	'[profile default]\naws_access_key_id = A2\n[default]\naws_access_key_id = A1\n' default $K
same "config [profile   x] (spaces)" '' '[profile   x]\naws_access_key_id = A1\n' x $K
same "config [profile<TAB>x]" '' '[profile\tx]\naws_access_key_id = A1\n' x $K
same "config [profile \"x y\"] (shell quoting)" '' '[profile "x y"]\naws_access_key_id = A1\n' 'x y' $K
same "config [profile x y] is no profile" '' '[profile x y]\naws_access_key_id = A1\n' 'x y' $K
same "config [profilex] is no profile" '' '[profilex]\naws_access_key_id = A1\n' x $K
same "config [sso-session x] is no profile" '' '[sso-session x]\naws_access_key_id = A1\n' x $K
same "section names are not stripped: [ x ]" '[ x ]\naws_access_key_id = A1\n' '' x $K
same "text after ] is ignored" '[x] junk\naws_access_key_id = A1\n' '' x $K
same "[x]] is section x]" '[x]]\naws_access_key_id = A1\n' '' x $K
same "an indented [x] still starts a section" '  [x]\naws_access_key_id = A1\n' '' x $K
same "the credentials file wins over the config" '[x]\naws_access_key_id = CRED\n' \
	'[profile x]\naws_access_key_id = CONF\n' x $K
same "[DEFAULT] fills keys the section lacks" '[DEFAULT]\naws_access_key_id = D\n[x]\nregion = r\n' '' x $K
same "[DEFAULT] loses to the section" '[x]\naws_access_key_id = A1\n[DEFAULT]\naws_access_key_id = D\n' '' x $K
same "[DEFAULT] alone is no profile" '[DEFAULT]\naws_access_key_id = D\n' '' DEFAULT $K
# --- keys and values -------------------------------------------------------------------------
same "key: value" '[x]\naws_access_key_id: A1\n' '' x $K
same "upper-case key" '[x]\nAWS_ACCESS_KEY_ID = A1\n' '' x $K
same "no inline comments (#)" '[x]\naws_access_key_id = A1 # c\n' '' x $K
same "no inline comments (;)" '[x]\naws_access_key_id = A1 ; c\n' '' x $K
same "comment lines, indented too" '[x]\n# aws_access_key_id = A0\n   ; c\naws_access_key_id = A1\n' '' x $K
same "blanks around = and at the end" '[x]\n  aws_access_key_id   =   A1  \t\n' '' x $K
same "= inside the value" '[x]\naws_access_key_id = A=1\n' '' x $K
same "quotes are kept" '[x]\naws_access_key_id = "A1"\n' '' x $K
same "CRLF line ends" '[x]\r\naws_access_key_id = A1\r\n' '' x $K
same "CR line ends" '[x]\raws_access_key_id = A1\r' '' x $K
same "no newline at the end" '[x]\naws_access_key_id = A1' '' x $K
same "a key missing from the profile" '[x]\nregion = r\n' '' x $K
same "a nested block is skipped" '' '[profile x]\ns3 =\n  addressing_style = path\naws_access_key_id = A1\n' x $K
same "an indented line continues a value" '[x]\nregion = r\n  aws_access_key_id = A1\n' '' x $K
same "credential_process as written" '' '[profile x]\ncredential_process = /bin/echo "a b" c\n' x credential_process
# --- files the AWS CLI refuses ---------------------------------------------------------------
same "a key twice" '[x]\naws_access_key_id = A1\naws_access_key_id = A2\n' '' x $K
same "a key twice, case aside" '[x]\naws_access_key_id = A1\nAWS_Access_Key_Id = A2\n' '' x $K
same "a key twice in the config" '' '[profile x]\naws_access_key_id = A1\naws_access_key_id = A2\n' x $K
same "a section twice" '[x]\naws_access_key_id = A1\n[x]\naws_secret_access_key = S\n' '' x $K
same "a line with no =" '[x]\naws_access_key_id = A1\njunk\n' '' x $K
same "... in another section" '[y]\njunk\n[x]\naws_access_key_id = A1\n' '' x $K
same "... in the config" '' '[profile x]\naws_access_key_id = A1\njunk\n' x $K
same "a key before any section" 'aws_access_key_id = A0\n[x]\naws_access_key_id = A1\n' '' x $K
same "an empty key" '[x]\n= A1\n' '' x $K
same "[] is no section" '[]\n[x]\naws_access_key_id = A1\n' '' x $K
same "[x with no ]" '[x\naws_access_key_id = A1\n' '' x $K
same "a nested block with a line with no =" '' '[profile x]\ns3 =\n  junk\naws_access_key_id = A1\n' x $K
# --- where r53 is stricter (the AWS CLI would sign with a broken key or run another command) -
r53_only "a secret continued on the next line is refused" '[x]\naws_access_key_id = A1\n  more\n' '' x $K refused
r53_only "an over-long credential_process is refused, not cut" '' \
	"[profile x]\ncredential_process = $(printf '%01100d' 0)\n" x credential_process refused
printf '[x]\naws_access_key_id = A1\n  more\n' > "$TMP/credentials"
out=$("$INI" "$TMP/credentials" /dev/null x $K)
check_contains "the message names the file and line" "$TMP/credentials:2: aws_access_key_id in [x] spans several lines" "$out"
printf '[x]\naws_access_key_id = A1\nAKIASECRETPASTED/abc+def\n' > "$TMP/credentials"
out=$("$INI" "$TMP/credentials" /dev/null x $K)
check_eq "a line with no =: file, line, section; never the line itself" \
	"refused: $TMP/credentials:3: a line in [x] with no '=' (key = value)" "$out"

# --- r53 itself: a refused file stops it before any request, naming file and line -----------
printf '[default]\naws_access_key_id = A\naws_access_key_id = B\n' > "$TMP/credentials"
printf '[default]\ncredential_process = touch %s/ran\n' "$TMP" > "$TMP/config"
out=$(AWS_EC2_METADATA_DISABLED=true "$R53" --endpoint-url http://127.0.0.1:9 zones 2>&1)
check_eq "r53 zones: exit 1 on a refused credentials file" 1 $?
check_eq "r53 zones: the message" \
	"r53: $TMP/credentials:3: aws_access_key_id appears twice in [default]" "$out"
check "r53 zones: credential_process of a refused file never ran" test ! -e "$TMP/ran"

finish
