<html>getenv("P_HTML")</html>
<?php
$a = getenv('P_A');
$b = $_ENV["P_B"];
$c = $_SERVER['HTTP_HOST'];
$d = $_SERVER['APP_ENV'];
$e = env('P_E', 'dflt');
# getenv('P_HASH')
// getenv('P_SLASH') ?> getenv("P_HTML_AFTER_COMMENT") <?php
$s = "x {$_ENV['P_INTERP']} y";
$t = 'getenv("P_SQ")';
$obj->env('P_METHOD');
$h = <<<EOT
getenv("P_HEREDOC")
EOT;
$f = getenv($name);
?>
getenv("P_HTML2")
<?= getenv("P_SHORT") ?>
