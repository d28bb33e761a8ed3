#!/bin/sh
# The alias editor: an S3 website endpoint (the region picker fills the hosted zone id; the
# bucket must be named exactly like the record: the error shows next to the bucket until it
# is), CloudFront (zone id Z2FDTNDATAQYW2, target health never evaluated), a record of this
# zone (a picker over the zone's records of the same type).
COLUMNS_OVERRIDE=100 LINES_OVERRIDE=20
. "$(dirname "$0")/../tools/libtui.sh"

fixture demo.fixture
steps '
	:records example.com.
	a
	static
	<Tab>
	<Tab>
	<Space>
	<Tab>
	<Tab>
	e
	:save-display follows.screen
	<Tab>
	<C-u>
	assets
	:save-display mismatch.screen
	<Enter>
	:save-display refused.screen
	<C-u>
	static.example.com
	:save-display fixed.screen
	<Enter>
	:save-display staged.screen
	a
	cdn
	<Tab>
	<Tab>
	<Space>
	<Tab>
	<Right>
	<Tab>
	d123.cloudfront.net
	:save-display cloudfront.screen
	<Tab>
	<Tab>
	<Space>
	:save-display evalfixed.screen
	<Enter>
	a
	www2
	<Tab>
	<Tab>
	<Space>
	<Tab>
	r
	<Tab>
	m
	:save-display samezone.screen
	<Enter>
	a
	lb
	<Tab>
	<Tab>
	<Space>
	<Tab>
	<Right>
	<Right>
	<Tab>
	my-lb-1.eu-west-1.elb.amazonaws.com
	<Tab>
	Z32O12XQLNTSW2
	<Tab>
	<Space>
	:save-display elb.screen
	<Enter>
	c
	:save-display diff.screen
'
run_app
check_eq "exit status" 0 "$APP_RC"
assert_screen mismatch.screen <<'SCREEN'
 r53  profile demo  http://127.0.0.1:4566                            OFFLINE cache 5m old  0 staged
 New record set in example.com.   Enter stages, Esc cancels, Tab/Up/Down move, Space/Left/Right pick
 Name           static
 Type           < A >
 Answer with    < alias >
 Target kind    < S3 website >
 S3 region      < eu-central-1 >
 Bucket         assets_ ! the S3 bucket must be named exactly like the record: 'static.example.com'…
 Hosted zone id Z21DNDUVLTQW6Q
 Eval. health   < no >
 Routing        < simple >






[add to example.com.] 6/9 Bucket: the S3 bucket must be named exactly like the record:
'static.example.com', not 'assets'
Enter Stage  Tab Down  S-Tab Up  Right Next  Esc Back
SCREEN
assert_screen_contains refused.screen "0 staged"
assert_screen_contains refused.screen "[add to example.com.] 6/9 Bucket: the S3 bucket must be named"
assert_screen_contains fixed.screen " Bucket         static.example.com_
 Hosted zone id Z21DNDUVLTQW6Q"
assert_screen_contains staged.screen "staged: add static.example.com. A (1 staged"
assert_screen_contains cloudfront.screen " Target kind    < CloudFront >"
assert_screen_contains cloudfront.screen " Hosted zone id Z2FDTNDATAQYW2"
assert_screen_contains cloudfront.screen " Eval. health   no"
assert_screen_contains evalfixed.screen "Eval. health cannot change here"
assert_screen_contains samezone.screen " Target kind    < record in this zone >"
assert_screen_contains samezone.screen " Record         < mail.example.com. >"
assert_screen_contains samezone.screen " Hosted zone id Z1EXAMPLE"
assert_screen_contains diff.screen "add static.example.com. A
    + ALIAS → static.example.com.s3-website.eu-central-1.amazonaws.com. (zone Z21DNDUVLTQW6Q,
      evaluate health no)"
assert_screen_contains diff.screen "add cdn.example.com. A
    + ALIAS → d123.cloudfront.net. (zone Z2FDTNDATAQYW2, evaluate health no)"
assert_screen_contains diff.screen "add www2.example.com. A
    + ALIAS → mail.example.com. (zone Z1EXAMPLE, evaluate health no)"
assert_screen_contains follows.screen " Bucket         static.example.com
 Hosted zone id Z21DNDUVLTQW6Q"
assert_screen_contains elb.screen " Target kind    < load balancer >
 Target         my-lb-1.eu-west-1.elb.amazonaws.com
 Hosted zone id Z32O12XQLNTSW2
 Eval. health   < yes >"
assert_screen_contains diff.screen "add lb.example.com. A
    + ALIAS → my-lb-1.eu-west-1.elb.amazonaws.com. (zone Z32O12XQLNTSW2, evaluate health yes)"
finish
