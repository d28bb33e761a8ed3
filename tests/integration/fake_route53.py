#!/usr/bin/env python3
"""A tiny canned Route 53 / Route 53 Domains / IMDSv2 peer on loopback, for the client's HTTP-level
tests until r53-local is on main. Standard library only. It is not a Route 53 emulator: it keeps
just enough state (zones, record sets in Route 53's order, changes that go INSYNC on the second
look) to exercise paging, retries, faults and credentials from the real r53 binary.

Usage: fake_route53.py [--records N] [--throttle N] [--fail500 N] [--reset N]
                       [--require-token T] [--log FILE] [--dup-zone] [--domains]
Prints "fake-route53 listening on http://127.0.0.1:PORT" once ready.
Faults apply to the first N Route 53 requests (after them, answers are normal).
The log gets one line per request: METHOD PATH?QUERY port=CLIENTPORT auth=... token=...
"""
import argparse
import json
import re
import sys
import threading
import xml.etree.ElementTree as ET
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit, parse_qsl

NS = "https://route53.amazonaws.com/doc/2013-04-01/"
LOCK = threading.Lock()
STATE = {"n": 0, "changes": {}, "zones": {}, "rrsets": {}, "seq": 0}
ARGS = None


def esc(s):
    return (str(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def rkey(rr):
    labels = rr["Name"].rstrip(".").split(".")
    return (".".join(reversed(labels)) + ".", rr["Type"], rr.get("SetIdentifier", ""))


def rrset_xml(rr):
    x = "<ResourceRecordSet><Name>%s</Name><Type>%s</Type>" % (esc(rr["Name"]), rr["Type"])
    for k in ("SetIdentifier", "Weight", "Region"):
        if k in rr:
            x += "<%s>%s</%s>" % (k, esc(rr[k]), k)
    if "TTL" in rr:
        x += "<TTL>%d</TTL>" % rr["TTL"]
    if rr.get("Values"):
        x += "<ResourceRecords>" + "".join(
            "<ResourceRecord><Value>%s</Value></ResourceRecord>" % esc(v) for v in rr["Values"]) \
            + "</ResourceRecords>"
    if "Alias" in rr:
        a = rr["Alias"]
        x += ("<AliasTarget><HostedZoneId>%s</HostedZoneId><DNSName>%s</DNSName>"
              "<EvaluateTargetHealth>false</EvaluateTargetHealth><FutureThing>x</FutureThing>"
              "</AliasTarget>") % (a[0], esc(a[1]))
    return x + "<UnknownNewElement><Deep>1</Deep></UnknownNewElement></ResourceRecordSet>"


def zone_xml(z):
    return ("<HostedZone><Id>/hostedzone/%s</Id><Name>%s</Name><CallerReference>ref-%s"
            "</CallerReference><Config><Comment>%s</Comment><PrivateZone>%s</PrivateZone>"
            "</Config><ResourceRecordSetCount>%d</ResourceRecordSetCount></HostedZone>") % (
        z["Id"], esc(z["Name"]), z["Id"], esc(z.get("Comment", "")),
        "true" if z.get("Private") else "false", len(STATE["rrsets"][z["Id"]]))


def seed(nrecords, dup):
    def add_zone(zid, name, private=False, comment=""):
        STATE["zones"][zid] = {"Id": zid, "Name": name, "Private": private, "Comment": comment}
        STATE["rrsets"][zid] = [
            {"Name": name, "Type": "NS", "TTL": 172800,
             "Values": ["ns-1.awsdns-01.org.", "ns-2.awsdns-02.com", "ns-3.awsdns-03.net.",
                        "ns-4.awsdns-04.co.uk."]},
            {"Name": name, "Type": "SOA", "TTL": 900,
             "Values": ["ns-1.awsdns-01.org. awsdns-hostmaster.amazon.com. 1 7200 900 1209600 86400"]},
        ]
    add_zone("Z1EXAMPLE", "example.com.", comment="main & <site>")
    add_zone("Z2OTHER", "other.org.")
    if dup:
        add_zone("Z3PRIVATE", "example.com.", private=True)
    rr = STATE["rrsets"]["Z1EXAMPLE"]
    rr += [
        {"Name": "www.example.com.", "Type": "A", "TTL": 300, "Values": ["192.0.2.1", "192.0.2.2"]},
        {"Name": "\\052.example.com.", "Type": "TXT", "TTL": 60,
         "Values": ['"hello world"', '"caf\\303\\251 \\"q\\""']},
        {"Name": "mail.example.com.", "Type": "MX", "TTL": 3600, "Values": ["10 mx1.example.net"]},
        {"Name": "w.example.com.", "Type": "A", "TTL": 60, "SetIdentifier": "blue", "Weight": 10,
         "Values": ["192.0.2.3"]},
        {"Name": "w.example.com.", "Type": "A", "TTL": 60, "SetIdentifier": "green", "Weight": 0,
         "Values": ["192.0.2.4"]},
        {"Name": "example.com.", "Type": "A", "Alias": ("Z2FDTNDATAQYW2", "d111.cloudfront.net.")},
        {"Name": "_sip._tcp.example.com.", "Type": "SRV", "TTL": 300,
         "Values": ["10 5 5060 sip.example.com"]},
        {"Name": "cname.example.com.", "Type": "CNAME", "TTL": 300, "Values": ["www.example.com"]},
    ]
    for i in range(nrecords):
        rr.append({"Name": "h%05d.example.com." % i, "Type": "A", "TTL": 300,
                   "Values": ["10.%d.%d.%d" % (i >> 16 & 255, i >> 8 & 255, i & 255)]})
    for z in STATE["rrsets"].values():
        z.sort(key=rkey)


class H(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def reply(self, status, body, ctype="text/xml"):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("x-amzn-RequestId", "req-1")
        self.end_headers()
        self.wfile.write(data)

    def err(self, status, code, msg):
        self.reply(status, '<?xml version="1.0"?>\n<ErrorResponse xmlns="%s"><Error><Type>Sender'
                   '</Type><Code>%s</Code><Message>%s</Message></Error><RequestId>r</RequestId>'
                   '</ErrorResponse>' % (NS, code, esc(msg)))

    def body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def log(self):
        if ARGS.log:
            with LOCK, open(ARGS.log, "a") as f:
                f.write("%s %s port=%d auth=%s token=%s target=%s ctype=%s\n" % (
                    self.command, self.path, self.client_address[1],
                    (self.headers.get("Authorization") or "-").replace(" ", "_"),
                    self.headers.get("X-Amz-Security-Token") or "-",
                    self.headers.get("X-Amz-Target") or "-",
                    self.headers.get("Content-Type") or "-"))

    def fault(self):
        with LOCK:
            STATE["n"] += 1
            n = STATE["n"]
        if n <= ARGS.reset:
            self.close_connection = True
            self.connection.shutdown(2)
            return True
        if n <= ARGS.reset + ARGS.throttle:
            self.err(400, "Throttling", "Rate exceeded")
            return True
        if n <= ARGS.reset + ARGS.throttle + ARGS.fail500:
            self.reply(503, "<html>Service Unavailable</html>", "text/html")
            return True
        return False

    def imds(self):
        p = self.path
        if self.command == "PUT" and p == "/latest/api/token":
            if not self.headers.get("X-aws-ec2-metadata-token-ttl-seconds"):
                return self.reply(400, "missing ttl", "text/plain")
            return self.reply(200, "imds-token-1", "text/plain")
        if self.headers.get("X-aws-ec2-metadata-token") != "imds-token-1":
            return self.reply(401, "", "text/plain")
        if p == "/latest/meta-data/iam/security-credentials/":
            return self.reply(200, "r53-role\n", "text/plain")
        if p == "/latest/meta-data/iam/security-credentials/r53-role":
            return self.reply(200, json.dumps({
                "Code": "Success", "AccessKeyId": "AKIDIMDS", "SecretAccessKey": "imds-secret",
                "Token": "imds-session-token", "Expiration": "2099-01-01T00:00:00Z"}),
                "text/plain")
        return self.reply(404, "", "text/plain")

    def check_auth(self, service):
        auth = self.headers.get("Authorization") or ""
        if not re.match(r"AWS4-HMAC-SHA256 Credential=[A-Z0-9]+/\d{8}/us-east-1/%s/aws4_request"
                        % service, auth):
            self.err(403, "IncompleteSignature", "bad Authorization header: %s" % auth[:60])
            return False
        if ARGS.require_token and self.headers.get("X-Amz-Security-Token") != ARGS.require_token:
            self.err(403, "InvalidClientTokenId", "The security token included in the request "
                     "is invalid.")
            return False
        return True

    def do_PUT(self):
        self.log()
        return self.imds()

    def do_DELETE(self):
        self.log()
        self.err(400, "InvalidInput", "not supported here")

    def do_GET(self):
        self.log()
        if self.path.startswith("/latest/"):
            return self.imds()
        if self.fault() or not self.check_auth("route53"):
            return
        u = urlsplit(self.path)
        q = dict(parse_qsl(u.query, keep_blank_values=True))
        p = u.path
        m = re.fullmatch(r"/2013-04-01/hostedzone/([^/]+)/rrset", p)
        if p == "/2013-04-01/hostedzone":
            zones = sorted(STATE["zones"].values(), key=lambda z: z["Id"])
            mi = int(q.get("maxitems", "100"))
            start = 0
            if "marker" in q:
                start = [z["Id"] for z in zones].index(q["marker"])
            page = zones[start:start + mi]
            more = start + mi < len(zones)
            x = "<HostedZones>%s</HostedZones><Marker>%s</Marker><IsTruncated>%s</IsTruncated>" % (
                "".join(zone_xml(z) for z in page), q.get("marker", ""), "true" if more else "false")
            if more:
                x += "<NextMarker>%s</NextMarker>" % zones[start + mi]["Id"]
            return self.reply(200, '<?xml version="1.0"?>\n<ListHostedZonesResponse xmlns="%s">%s'
                              '<MaxItems>%d</MaxItems></ListHostedZonesResponse>' % (NS, x, mi))
        if p == "/2013-04-01/hostedzonesbyname":
            name = q.get("dnsname", "")
            if name and not name.endswith("."):
                name += "."
            zs = sorted(STATE["zones"].values(), key=lambda z: (rkey({"Name": z["Name"], "Type": ""})[0], z["Id"]))
            zs = [z for z in zs if not name or rkey({"Name": z["Name"], "Type": ""})[0] >=
                  rkey({"Name": name, "Type": ""})[0]]
            return self.reply(200, '<?xml version="1.0"?>\n<ListHostedZonesByNameResponse '
                              'xmlns="%s"><HostedZones>%s</HostedZones><DNSName>%s</DNSName>'
                              '<IsTruncated>false</IsTruncated><MaxItems>100</MaxItems>'
                              '</ListHostedZonesByNameResponse>' % (
                                  NS, "".join(zone_xml(z) for z in zs[:100]), esc(name)))
        m2 = re.fullmatch(r"/2013-04-01/hostedzone/([^/]+)", p)
        if m2:
            z = STATE["zones"].get(m2.group(1))
            if not z:
                return self.err(404, "NoSuchHostedZone", "No hosted zone found with ID: %s"
                                % m2.group(1))
            return self.reply(200, '<?xml version="1.0"?>\n<GetHostedZoneResponse xmlns="%s">%s'
                              '<DelegationSet><NameServers><NameServer>ns-1.awsdns-01.org'
                              '</NameServer><NameServer>ns-2.awsdns-02.com</NameServer>'
                              '</NameServers></DelegationSet></GetHostedZoneResponse>'
                              % (NS, zone_xml(z)))
        if m:
            zid = m.group(1)
            if zid not in STATE["rrsets"]:
                return self.err(404, "NoSuchHostedZone", "No hosted zone found with ID: %s" % zid)
            if "type" in q and "name" not in q:
                return self.err(400, "InvalidInput", "type without name")
            rrs = STATE["rrsets"][zid]
            mi = min(int(q.get("maxitems", "300")), 300)
            start = 0
            if "name" in q:
                k = rkey({"Name": q["name"] if q["name"].endswith(".") else q["name"] + ".",
                          "Type": q.get("type", ""), "SetIdentifier": q.get("identifier", "")})
                while start < len(rrs) and rkey(rrs[start]) < k:
                    start += 1
            page = rrs[start:start + mi]
            more = start + mi < len(rrs)
            x = "<ResourceRecordSets>%s</ResourceRecordSets><IsTruncated>%s</IsTruncated>" % (
                "".join(rrset_xml(r) for r in page), "true" if more else "false")
            if more:
                n = rrs[start + mi]
                x += "<NextRecordName>%s</NextRecordName><NextRecordType>%s</NextRecordType>" % (
                    esc(n["Name"]), n["Type"])
                if "SetIdentifier" in n:
                    x += "<NextRecordIdentifier>%s</NextRecordIdentifier>" % esc(n["SetIdentifier"])
            return self.reply(200, '<?xml version="1.0"?>\n<ListResourceRecordSetsResponse '
                              'xmlns="%s">%s<MaxItems>%d</MaxItems>'
                              '</ListResourceRecordSetsResponse>' % (NS, x, mi))
        m = re.fullmatch(r"/2013-04-01/change/([^/]+)", p)
        if m:
            cid = m.group(1)
            with LOCK:
                if cid not in STATE["changes"]:
                    return self.err(404, "NoSuchChange", "A change with the specified change ID "
                                    "does not exist.")
                STATE["changes"][cid] += 1
                st = "INSYNC" if STATE["changes"][cid] > 1 else "PENDING"
            return self.reply(200, '<?xml version="1.0"?>\n<GetChangeResponse xmlns="%s">'
                              '<ChangeInfo><Id>/change/%s</Id><Status>%s</Status><SubmittedAt>'
                              '2026-01-01T00:00:00.000Z</SubmittedAt></ChangeInfo>'
                              '</GetChangeResponse>' % (NS, cid, st))
        if p == "/2013-04-01/healthcheck":
            return self.reply(200, '<?xml version="1.0"?>\n<ListHealthChecksResponse xmlns="%s">'
                              '<HealthChecks><HealthCheck><Id>abcdef11-2222-3333-4444-555555555555'
                              '</Id><CallerReference>hc1</CallerReference><HealthCheckConfig>'
                              '<IPAddress>192.0.2.44</IPAddress><Port>443</Port><Type>HTTPS'
                              '</Type><ResourcePath>/health</ResourcePath>'
                              '<FullyQualifiedDomainName>www.example.com'
                              '</FullyQualifiedDomainName><RequestInterval>30</RequestInterval>'
                              '<FailureThreshold>3</FailureThreshold></HealthCheckConfig>'
                              '<HealthCheckVersion>2</HealthCheckVersion></HealthCheck>'
                              '</HealthChecks><Marker></Marker><IsTruncated>false</IsTruncated>'
                              '<MaxItems>100</MaxItems></ListHealthChecksResponse>' % NS)
        m = re.fullmatch(r"/2013-04-01/healthcheck/([^/]+)/status", p)
        if m:
            return self.reply(200, '<?xml version="1.0"?>\n<GetHealthCheckStatusResponse '
                              'xmlns="%s"><HealthCheckObservations><HealthCheckObservation>'
                              '<Region>us-east-1</Region><IPAddress>15.177.2.1</IPAddress>'
                              '<StatusReport><Status>Success: HTTP Status Code 200, OK</Status>'
                              '<CheckedTime>2026-01-01T00:00:00Z</CheckedTime></StatusReport>'
                              '</HealthCheckObservation></HealthCheckObservations>'
                              '</GetHealthCheckStatusResponse>' % NS)
        self.err(404, "InvalidInput", "unknown path %s" % p)

    def do_POST(self):
        self.log()
        body = self.body()
        if self.path == "/":
            return self.domains(body)
        if self.fault() or not self.check_auth("route53"):
            return
        m = re.fullmatch(r"/2013-04-01/hostedzone/([^/]+)/rrset/", self.path)
        if not m:
            return self.err(404, "InvalidInput", "unknown path")
        if self.headers.get("Content-Type") != "application/xml":
            return self.err(400, "InvalidInput", "Content-Type must be application/xml")
        zid = m.group(1)
        if zid not in STATE["rrsets"]:
            return self.err(404, "NoSuchHostedZone", "No hosted zone found with ID: %s" % zid)
        try:
            root = ET.fromstring(body)
        except ET.ParseError as e:
            return self.err(400, "MalformedInput", str(e))
        if root.tag != "{%s}ChangeResourceRecordSetsRequest" % NS:
            return self.err(400, "MalformedInput", "wrong root %s" % root.tag)
        n = {"r": NS}
        if ARGS.log:
            with LOCK, open(ARGS.log, "a") as f:
                f.write("BATCH %s\n" % ",".join("%s:%s:%s:%s" % (
                    c.find("r:Action", n).text, c.find("r:ResourceRecordSet/r:Name", n).text,
                    c.find("r:ResourceRecordSet/r:Type", n).text,
                    getattr(c.find("r:ResourceRecordSet/r:TTL", n), "text", "-"))
                    for c in root.findall("r:ChangeBatch/r:Changes/r:Change", n)))
        rrs = [dict(r) for r in STATE["rrsets"][zid]]
        msgs = []
        for ch in root.findall("r:ChangeBatch/r:Changes/r:Change", n):
            act = ch.find("r:Action", n).text
            e = ch.find("r:ResourceRecordSet", n)
            order = [c.tag.split("}")[1] for c in e]
            want = ["Name", "Type", "SetIdentifier", "Weight", "Region", "GeoLocation", "Failover",
                    "MultiValueAnswer", "TTL", "ResourceRecords", "AliasTarget", "HealthCheckId"]
            if order != sorted(order, key=lambda t: want.index(t) if t in want else 99):
                return self.err(400, "InvalidInput", "Invalid XML ; cvc-complex-type.2.4.a: "
                                "order %s" % order)
            rr = {"Name": e.find("r:Name", n).text, "Type": e.find("r:Type", n).text}
            if not rr["Name"].endswith("."):
                rr["Name"] += "."
            for k in ("SetIdentifier",):
                if e.find("r:" + k, n) is not None:
                    rr[k] = e.find("r:" + k, n).text
            if e.find("r:Weight", n) is not None:
                rr["Weight"] = int(e.find("r:Weight", n).text)
            if e.find("r:TTL", n) is not None:
                rr["TTL"] = int(e.find("r:TTL", n).text)
            vals = [v.text for v in e.findall("r:ResourceRecords/r:ResourceRecord/r:Value", n)]
            if vals:
                rr["Values"] = vals
            a = e.find("r:AliasTarget", n)
            if a is not None:
                rr["Alias"] = (a.find("r:HostedZoneId", n).text, a.find("r:DNSName", n).text)
            idx = [i for i, x in enumerate(rrs) if rkey(x) == rkey(rr)]
            desc = "[name='%s', type='%s'%s]" % (rr["Name"], rr["Type"], (
                ", set-identifier='%s'" % rr["SetIdentifier"]) if "SetIdentifier" in rr else "")
            if act == "CREATE":
                if idx:
                    msgs.append("Tried to create resource record set %s but it already exists"
                                % desc)
                else:
                    rrs.append(rr)
            elif act == "DELETE":
                if not idx:
                    msgs.append("Tried to delete resource record set %s but it was not found"
                                % desc)
                elif {k: v for k, v in rrs[idx[0]].items()} != rr:
                    msgs.append("Tried to delete resource record set %s but the values provided "
                                "do not match the current values" % desc)
                else:
                    del rrs[idx[0]]
            elif act == "UPSERT":
                if idx:
                    rrs[idx[0]] = rr
                else:
                    rrs.append(rr)
        if msgs:
            return self.err(400, "InvalidChangeBatch", "[" + ", ".join(msgs) + "]")
        rrs.sort(key=rkey)
        with LOCK:
            STATE["rrsets"][zid] = rrs
            STATE["seq"] += 1
            cid = "C%06dFAKE" % STATE["seq"]
            STATE["changes"][cid] = 0
        c = root.find("r:ChangeBatch/r:Comment", n)
        self.reply(200, '<?xml version="1.0"?>\n<ChangeResourceRecordSetsResponse xmlns="%s">'
                   '<ChangeInfo><Id>/change/%s</Id><Status>PENDING</Status><SubmittedAt>'
                   '2026-01-01T00:00:00.000Z</SubmittedAt>%s</ChangeInfo>'
                   '</ChangeResourceRecordSetsResponse>' % (
                       NS, cid, "<Comment>%s</Comment>" % esc(c.text) if c is not None else ""))

    def domains(self, body):
        if self.fault() or not self.check_auth("route53domains"):
            return
        t = self.headers.get("X-Amz-Target", "")
        if self.headers.get("Content-Type") != "application/x-amz-json-1.1":
            return self.reply(400, json.dumps({"__type": "InvalidInput", "message": "ctype"}),
                              "application/x-amz-json-1.1")
        req = json.loads(body or b"{}")
        j = "application/x-amz-json-1.1"
        if t == "Route53Domains_v20140515.ListDomains":
            if not req.get("Marker"):
                return self.reply(200, '{"Domains":[{"DomainName":"example.com","AutoRenew":true,'
                                  '"TransferLock":true,"Expiry":1.7356896E9}],'
                                  '"NextPageMarker":"page2"}', j)
            return self.reply(200, '{"Domains":[{"DomainName":"other.org","AutoRenew":false,'
                              '"TransferLock":false,"Expiry":null}]}', j)
        if t == "Route53Domains_v20140515.GetDomainDetail":
            if req.get("DomainName") != "example.com":
                return self.reply(400, json.dumps({
                    "__type": "com.amazonaws.route53domains#InvalidInput:http://x",
                    "Message": "Domain %s not found in this account" % req.get("DomainName")}), j)
            return self.reply(200, json.dumps({
                "DomainName": "example.com", "AutoRenew": True, "ExpirationDate": 1.7356896E9,
                "Nameservers": [{"Name": "ns-1.awsdns-01.org", "GlueIps": []},
                                {"Name": "ns-2.awsdns-02.com"}],
                "StatusList": ["clientTransferProhibited"], "AdminContact": None}), j)
        return self.reply(400, json.dumps({"__type": "UnknownOperationException"}), j)


def main():
    global ARGS
    ap = argparse.ArgumentParser()
    ap.add_argument("--records", type=int, default=0)
    ap.add_argument("--throttle", type=int, default=0)
    ap.add_argument("--fail500", type=int, default=0)
    ap.add_argument("--reset", type=int, default=0)
    ap.add_argument("--require-token", default="")
    ap.add_argument("--log", default="")
    ap.add_argument("--dup-zone", action="store_true")
    ARGS = ap.parse_args()
    seed(ARGS.records, ARGS.dup_zone)
    srv = ThreadingHTTPServer(("127.0.0.1", 0), H)
    srv.daemon_threads = True
    print("fake-route53 listening on http://127.0.0.1:%d" % srv.server_address[1], flush=True)
    srv.serve_forever()


if __name__ == "__main__":
    main()
