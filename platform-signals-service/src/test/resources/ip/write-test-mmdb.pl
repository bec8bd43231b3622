#!/usr/bin/perl
# Writes small MaxMind DB files for the tests (GeoIP2-City, GeoLite2-ASN, GeoIP2-Anonymous-IP layouts) into the
# directory given as the first argument. Their output is committed beside this script, so the tests need no Perl;
# after changing it, regenerate them: perl src/test/resources/ip/write-test-mmdb.pl src/test/resources/ip
# (Debian: libmaxmind-db-writer-perl). Networks are from
# the documentation ranges (RFC 5737 / 3849), so reserved networks are kept.
use strict;
use warnings;
use MaxMind::DB::Writer::Tree;

my $dir = shift or die "usage: $0 DIR\n";

my %types = (
    location => 'map', latitude => 'double', longitude => 'double', accuracy_radius => 'uint16',
    country => 'map', iso_code => 'utf8_string', city => 'map', names => 'map', en => 'utf8_string',
    autonomous_system_number => 'uint32', autonomous_system_organization => 'utf8_string',
    is_anonymous => 'boolean', is_anonymous_vpn => 'boolean', is_hosting_provider => 'boolean',
    is_public_proxy => 'boolean', is_tor_exit_node => 'boolean', is_residential_proxy => 'boolean',
);

sub tree {
    my ($type) = @_;
    return MaxMind::DB::Writer::Tree->new(
        ip_version => 6, record_size => 28, database_type => $type, languages => ['en'],
        description => { en => "Firebreak test $type" }, map_key_type_callback => sub { $types{ $_[0] } },
        remove_reserved_networks => 0,
    );
}

sub write_out {
    my ($tree, $file) = @_;
    open my $fh, '>:raw', "$dir/$file" or die "$dir/$file: $!";
    $tree->write_tree($fh);
    close $fh;
}

my $city = tree('GeoIP2-City');
my %places = (
    '198.51.100.0/28'  => [51.5072, -0.1276, 20, 'GB', 'London'],
    '198.51.100.16/28' => [40.7128, -74.0060, 20, 'US', 'New York'],
    '198.51.100.32/28' => [39.0392, 125.7625, 50, 'KP', 'Pyongyang'],
    '198.51.100.48/28' => [41.8057, 123.4315, 50, 'CN', 'Shenyang'],
    '2001:db8:1::/48'  => [52.2297, 21.0122, 20, 'PL', 'Warsaw'],
);
for my $net (sort keys %places) {
    my ($lat, $lon, $acc, $cc, $name) = @{ $places{$net} };
    $city->insert_network($net, { location => { latitude => $lat, longitude => $lon, accuracy_radius => $acc },
        country => { iso_code => $cc }, city => { names => { en => $name } } });
}
write_out($city, 'test-city.mmdb');

my $asn = tree('GeoLite2-ASN');
$asn->insert_network('203.0.113.0/26', { autonomous_system_number => 64500, autonomous_system_organization => 'Example Hosting Ltd' });
$asn->insert_network('198.51.100.0/24', { autonomous_system_number => 64501, autonomous_system_organization => 'Example Broadband plc' });
write_out($asn, 'test-asn.mmdb');

my $anon = tree('GeoIP2-Anonymous-IP');
$anon->insert_network('203.0.113.0/28', { is_anonymous => 1, is_anonymous_vpn => 1 });
$anon->insert_network('203.0.113.16/28', { is_anonymous => 1, is_hosting_provider => 1 });
$anon->insert_network('203.0.113.32/28', { is_anonymous => 1, is_tor_exit_node => 1 });
$anon->insert_network('203.0.113.48/28', { is_anonymous => 1, is_public_proxy => 1 });
write_out($anon, 'test-anonymous-ip.mmdb');
